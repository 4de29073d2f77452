//! The web view's first paint on Linux: GTK's draws of it are held until its page has loaded.
//!
//! Why: with WebKitGTK's legacy renderer (`display.rs`), a draw of the web view before WebKit holds any
//! of the page's pixels makes the app's main thread wait, up to 500 ms, for the web process to send
//! some (WebKit's `DrawingAreaProxyCoordinatedGraphics::forceUpdateIfNeeded`). When that draw comes
//! while the web process is itself waiting on the app's main thread (a synchronous message while it
//! starts, or the page's files, which the app serves through its `tauri://` handler on that same
//! thread), neither can go on until the 500 ms are up: about one launch in 20 on the project's
//! machine took half a second longer (docs/benchmarks.md, "Launch, tenth pass", has the backtraces).
//!
//! So until the page has loaded, the web view skips its draws and the window's own background shows,
//! as it would anyway before the page's first pixels; then it asks for one draw. By then the web
//! process has laid the page out and answers at once. A page that fails to load, or takes longer than
//! [`HOLD_AT_MOST`], is drawn all the same.

use std::time::Duration;

/// The longest the web view's draws are held, whatever its page does.
pub const HOLD_AT_MOST: Duration = Duration::from_secs(2);

/// What happened to the web view's page, as far as the hold is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStep {
    /// A load started, was redirected or committed: the page is not laid out yet.
    Loading,
    /// The page finished loading.
    Finished,
    /// The load failed (WebKit then shows its error page, which must be drawn).
    Failed,
    /// [`HOLD_AT_MOST`] has passed since the hold began.
    TimedOut,
}

/// Whether the web view's draws are held: from the web view's creation until its page has loaded (or
/// failed, or [`HOLD_AT_MOST`] has passed). Once released it never holds again, so later navigations
/// and reloads draw as WebKit asks.
#[derive(Debug)]
pub struct Hold {
    held: bool,
}

impl Default for Hold {
    fn default() -> Self {
        Self { held: true }
    }
}

impl Hold {
    /// Whether a draw asked for now is skipped.
    pub fn holds(&self) -> bool {
        self.held
    }

    /// Takes `step` into account; `true` when it releases the hold, so the web view must now be
    /// drawn once.
    pub fn step(&mut self, step: PageStep) -> bool {
        let release = self.held && step != PageStep::Loading;
        if release {
            self.held = false;
        }
        release
    }
}

/// Holds `webview`'s draws until its page has loaded (see the module's docs); nothing when its page is
/// not loading. Called on the main thread before the window is first drawn: Tauri's `setup`, through
/// `with_webview`.
#[cfg(target_os = "linux")]
pub fn hold_until_loaded(webview: &webkit2gtk::WebView) {
    use std::cell::RefCell;
    use std::rc::Rc;

    use gtk::glib::{self, Propagation};
    use gtk::prelude::*;
    use webkit2gtk::{LoadEvent, WebViewExt};

    // Tauri asks for the page before this runs (WebKit says it is loading from the request on); a page
    // already loaded has its pixels, and a hold would only wait for HOLD_AT_MOST.
    if !webview.is_loading() {
        return;
    }
    // The handler exists only while the hold does: it skips every draw, and goes at the release.
    let draws = webview.connect_draw(|_, _| Propagation::Stop);
    let hold = RefCell::new((Hold::default(), Some(draws)));
    // Releases the hold once: the draw handler goes (GTK then calls WebKit's draw directly again) and
    // one draw is asked for.
    let release = Rc::new(move |webview: &webkit2gtk::WebView, step: PageStep| {
        let mut hold = hold.borrow_mut();
        if hold.0.step(step) {
            if let Some(id) = hold.1.take() {
                webview.disconnect(id);
            }
            webview.queue_draw();
        }
    });
    webview.connect_load_changed({
        let release = Rc::clone(&release);
        move |webview, event| {
            let step = match event {
                LoadEvent::Finished => PageStep::Finished,
                _ => PageStep::Loading,
            };
            release(webview, step);
        }
    });
    webview.connect_load_failed({
        let release = Rc::clone(&release);
        move |webview, _, _, _| {
            release(webview, PageStep::Failed);
            // Not handled here: WebKit goes on to show its error page.
            false
        }
    });
    let weak = webview.downgrade();
    glib::timeout_add_local_once(HOLD_AT_MOST, move || {
        if let Some(webview) = weak.upgrade() {
            release(&webview, PageStep::TimedOut);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_held_while_the_page_loads_and_released_once_when_it_has_loaded() {
        let mut hold = Hold::default();
        assert!(hold.holds(), "a new web view's draws are held");
        assert!(
            !hold.step(PageStep::Loading),
            "a load starting or committing does not release the hold"
        );
        assert!(hold.holds(), "still held while the page loads");
        assert!(
            hold.step(PageStep::Finished),
            "the page's load finishing releases the hold"
        );
        assert!(!hold.holds(), "draws go through once released");
        assert!(
            !hold.step(PageStep::Finished),
            "a later load's end asks for no extra draw"
        );
        assert!(
            !hold.step(PageStep::Loading),
            "a later navigation does not hold the draws again"
        );
        assert!(!hold.holds(), "a later navigation draws as WebKit asks");
    }

    #[test]
    fn a_page_that_fails_or_is_slow_is_drawn_all_the_same() {
        for step in [PageStep::Failed, PageStep::TimedOut] {
            let mut hold = Hold::default();
            assert!(hold.step(step), "{step:?} releases the hold");
            assert!(!hold.holds(), "draws go through after {step:?}");
        }
    }
}
