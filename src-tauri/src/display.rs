//! How the window is drawn on Linux: two environment variables that GTK and WebKitGTK read once, set
//! before anything starts them.
//!
//! Both choices are about a laptop without a usable GPU driver, where the GL paths cost time and draw
//! nothing better; both leave a variable the person starting the app set alone, so either can be put
//! back from the command line. The decisions are pure functions of the environment, tested here; only
//! [`prepare`] touches the process's environment.

use std::ffi::OsString;

/// The variable WebKitGTK reads to draw with its legacy renderer instead of the DMA-BUF one.
const LEGACY_RENDERER: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// The variable GTK 3 reads to turn its own GL support off (`disable`).
const GDK_GL: &str = "GDK_GL";

/// Sets what [`renderer_setting`] and [`gdk_gl_setting`] decide. Called first in `main`, before any
/// thread exists, as setting the environment requires.
pub fn prepare() {
    #[cfg(target_os = "linux")]
    {
        let lookup = |name: &str| std::env::var_os(name);
        if let Some(value) = renderer_setting(&lookup) {
            std::env::set_var(LEGACY_RENDERER, value);
        }
        if let Some(value) = gdk_gl_setting(&lookup) {
            std::env::set_var(GDK_GL, value);
        }
    }
}

/// WebKitGTK's DMA-BUF renderer (its default since 2.42) presents a frame only every 80-100 ms on a
/// laptop without a usable GPU driver (software GL: measured on the project's machine, where each view
/// then waited a frame or two of that length after it was ready; with the legacy renderer frames came
/// every 16 ms and a view is on screen one frame after it is ready, see docs/benchmarks.md). It also
/// leaves the window blank on some NVIDIA and Wayland set-ups, which Tauri's maintainers and WebKitGTK's
/// answer with this same variable. So the app asks for the legacy renderer (`Some("1")`), unless the
/// person starting it already set the variable (`WEBKIT_DISABLE_DMABUF_RENDERER=0` keeps the DMA-BUF
/// renderer).
pub fn renderer_setting(env: &dyn Fn(&str) -> Option<OsString>) -> Option<&'static str> {
    env(LEGACY_RENDERER).is_none().then_some("1")
}

/// GTK 3 opens an X11 display by asking GLX which visuals suit GL, which loads the GL driver: with
/// Mesa's software driver, its libraries and LLVM's, about 65 ms of the launch on the project's machine,
/// all before the window exists (docs/benchmarks.md, "Where the launch's time goes"). With WebKit's
/// legacy renderer on X11, nothing the app shows draws through GDK's GL: WebKit does not present its
/// frames through it, and the app has no GL widget; framebuffer captures of the launched window were
/// the same pixels with and without it. So there the app turns GDK's GL off (`Some("disable")`).
///
/// Left as it is: a `GDK_GL` the person set; the DMA-BUF renderer, which presents its frames through
/// GDK's GL; and a Wayland session (or a `GDK_BACKEND` that may choose Wayland), which the project has
/// not measured. `env` is read only for the variables named here, so `WEBKIT_DISABLE_DMABUF_RENDERER`
/// must already hold what [`renderer_setting`] decided.
pub fn gdk_gl_setting(env: &dyn Fn(&str) -> Option<OsString>) -> Option<&'static str> {
    let set = |name: &str| env(name).filter(|value| !value.is_empty());
    let legacy_renderer = set(LEGACY_RENDERER).is_some_and(|value| value != "0");
    let x11_only = match set("GDK_BACKEND") {
        Some(backend) => backend == "x11",
        None => {
            set("DISPLAY").is_some()
                && set("WAYLAND_DISPLAY").is_none()
                && set("XDG_SESSION_TYPE").is_none_or(|session| session != "wayland")
        }
    };
    (env(GDK_GL).is_none() && legacy_renderer && x11_only).then_some("disable")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An environment holding exactly `vars`.
    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(value))
        }
    }

    const X11_LEGACY: &[(&str, &str)] = &[("DISPLAY", ":0"), (LEGACY_RENDERER, "1")];

    #[test]
    fn the_legacy_renderer_is_asked_for_unless_the_variable_is_already_set() {
        assert_eq!(
            renderer_setting(&env(&[])),
            Some("1"),
            "unset: the legacy renderer"
        );
        assert_eq!(
            renderer_setting(&env(&[(LEGACY_RENDERER, "0")])),
            None,
            "a person's 0 keeps the DMA-BUF renderer"
        );
    }

    #[test]
    fn gdk_gl_is_turned_off_on_an_x11_display_with_the_legacy_renderer() {
        assert_eq!(gdk_gl_setting(&env(X11_LEGACY)), Some("disable"));
        let forced_x11 = [
            ("GDK_BACKEND", "x11"),
            ("WAYLAND_DISPLAY", "wayland-0"),
            (LEGACY_RENDERER, "1"),
        ];
        assert_eq!(
            gdk_gl_setting(&env(&forced_x11)),
            Some("disable"),
            "GDK_BACKEND=x11 on a Wayland desktop still draws through X11"
        );
    }

    #[test]
    fn gdk_gl_is_left_alone_where_something_may_draw_with_it() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "the DMA-BUF renderer",
                &[("DISPLAY", ":0"), (LEGACY_RENDERER, "0")],
            ),
            ("no renderer decided", &[("DISPLAY", ":0")]),
            (
                "a Wayland display",
                &[
                    ("DISPLAY", ":0"),
                    ("WAYLAND_DISPLAY", "wayland-0"),
                    (LEGACY_RENDERER, "1"),
                ],
            ),
            (
                "a Wayland session",
                &[
                    ("DISPLAY", ":0"),
                    ("XDG_SESSION_TYPE", "wayland"),
                    (LEGACY_RENDERER, "1"),
                ],
            ),
            (
                "a backend list that may pick Wayland",
                &[
                    ("DISPLAY", ":0"),
                    ("GDK_BACKEND", "wayland,x11"),
                    (LEGACY_RENDERER, "1"),
                ],
            ),
            ("no display at all", &[(LEGACY_RENDERER, "1")]),
            (
                "a GDK_GL the person set",
                &[
                    ("DISPLAY", ":0"),
                    (LEGACY_RENDERER, "1"),
                    (GDK_GL, "always"),
                ],
            ),
        ];
        for (case, vars) in cases {
            assert_eq!(
                gdk_gl_setting(&env(vars)),
                None,
                "{case}: GDK_GL stays as it is"
            );
        }
    }

    #[test]
    fn an_x11_session_type_or_an_empty_wayland_display_still_counts_as_x11() {
        let vars = [
            ("DISPLAY", ":1"),
            ("WAYLAND_DISPLAY", ""),
            ("XDG_SESSION_TYPE", "x11"),
            (LEGACY_RENDERER, "1"),
        ];
        assert_eq!(gdk_gl_setting(&env(&vars)), Some("disable"));
    }
}
