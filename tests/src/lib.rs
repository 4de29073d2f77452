//! The end-to-end harness: builds nothing, fakes nothing. It starts the real `delegation-desk` binary
//! through tauri-driver and WebKitWebDriver (under the X display the test command provides), on a
//! database and XDG folders of its own, and drives the real window over WebDriver. It also runs the
//! real `desk` binary. Both binaries are built by the test command before these tests run.

pub mod gate;
pub mod kill;
pub mod procs;
pub mod screen;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::{Client, ClientBuilder, Locator};

pub mod window;

/// A boxed error for test plumbing.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// Test plumbing's result.
pub type TestResult<T = ()> = Result<T, BoxError>;

/// How long to wait for something to show in the window.
pub const WAIT: Duration = Duration::from_secs(20);

/// The workspace's `target/debug` (or `CARGO_TARGET_DIR`'s).
pub fn target_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("target")
        });
    target.join("debug")
}

/// A built binary of the workspace, or a clear panic saying how to build it.
pub fn workspace_bin(name: &str) -> PathBuf {
    let path = target_dir().join(name);
    assert!(
        path.exists(),
        "{} is not built: run `cargo build -p desk-core -p delegation-desk` first (the README's test command does)",
        path.display()
    );
    path
}

/// The app binary under test: `DESK_APP_BIN` (e.g. an installed package's), else the workspace build.
pub fn app_bin() -> PathBuf {
    std::env::var_os("DESK_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_bin("delegation-desk"))
}

/// Where a test keeps its screenshots: `tests/output/<test>/`.
pub fn output_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("output")
        .join(test);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A private place for one test's data: the database and the XDG folders WebKit writes to. Kept across
/// app restarts within the test, removed at the end.
pub struct Profile {
    dir: tempfile::TempDir,
    extra: Vec<(String, PathBuf)>,
    /// The passphrase `desk` is given (`DESK_PASSPHRASE`); the app is never given it, it asks.
    passphrase: Option<String>,
}

impl Profile {
    /// A new, empty profile on which "No passphrase on this laptop" is already chosen (its settings file
    /// says so, as the first-run screen would write it): the app and `desk` open the data as they did
    /// before encryption, with no screen in between. The tests of everything but the lock use this.
    pub fn new() -> TestResult<Self> {
        let profile = Self::first_run()?;
        profile.write_settings(&serde_json::json!({ "passphrase": false }))?;
        Ok(profile)
    }

    /// A new, empty profile on which nothing was ever chosen: the app starts on its first-run screen.
    pub fn first_run() -> TestResult<Self> {
        Ok(Profile {
            dir: tempfile::tempdir()?,
            extra: Vec::new(),
            passphrase: None,
        })
    }

    /// A new, empty profile whose data will be encrypted with `passphrase`: `desk` is given it (so
    /// `desk sample` creates an encrypted file), the app asks for it on its unlock screen.
    pub fn with_passphrase(passphrase: &str) -> TestResult<Self> {
        let mut profile = Self::first_run()?;
        profile.use_passphrase(passphrase);
        Ok(profile)
    }

    /// From now on `desk` is given `passphrase` (e.g. after it was chosen in the window).
    pub fn use_passphrase(&mut self, passphrase: &str) {
        self.passphrase = Some(passphrase.to_string());
    }

    /// The settings file the app and `desk` read (`$XDG_CONFIG_HOME/org.delegationdesk.app/`).
    pub fn settings_file(&self) -> PathBuf {
        self.dir
            .path()
            .join("config")
            .join("org.delegationdesk.app")
            .join("settings.json")
    }

    /// Writes the settings file as given (what a person's earlier choices left there).
    pub fn write_settings(&self, settings: &serde_json::Value) -> TestResult {
        let path = self.settings_file();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, serde_json::to_string_pretty(settings)?)?;
        Ok(())
    }

    /// The settings file as JSON (`null` when there is none yet).
    pub fn read_settings(&self) -> TestResult<serde_json::Value> {
        match std::fs::read_to_string(self.settings_file()) {
            Ok(text) => Ok(serde_json::from_str(&text)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(serde_json::Value::Null),
            Err(e) => Err(e.into()),
        }
    }

    /// Adds an environment variable for the app and `desk` started on this profile.
    pub fn set_env(&mut self, key: &str, value: impl Into<PathBuf>) {
        self.extra.push((key.to_string(), value.into()));
    }

    /// The profile's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The database file the app uses.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("desk.sqlite3")
    }

    /// The environment the app and `desk` get: the database, XDG folders of its own, and extras.
    pub fn env(&self) -> Vec<(String, PathBuf)> {
        let root = self.dir.path();
        let mut env = vec![
            ("DESK_DB".into(), self.db()),
            ("XDG_DATA_HOME".into(), root.join("data")),
            ("XDG_CONFIG_HOME".into(), root.join("config")),
            ("XDG_CACHE_HOME".into(), root.join("cache")),
        ];
        env.extend(self.extra.iter().cloned());
        env
    }

    /// Runs the `desk` binary on this profile's database (with the profile's passphrase, if it has one,
    /// in `DESK_PASSPHRASE`; never on a terminal, so it never prompts).
    pub fn desk(&self, args: &[&str]) -> TestResult<Output> {
        let mut cmd = Command::new(workspace_bin("desk"));
        cmd.args(args)
            .env_remove("DESK_DB")
            .env_remove("DESK_PASSPHRASE")
            .env_remove("DESK_NEW_PASSPHRASE")
            .env_remove("DESK_BACKUP_PASSPHRASE")
            .stdin(Stdio::null());
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        if let Some(passphrase) = &self.passphrase {
            cmd.env("DESK_PASSPHRASE", passphrase);
        }
        Ok(cmd.output()?)
    }
}

fn free_port() -> TestResult<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The running app: a tauri-driver process and a WebDriver session on the app's window.
pub struct App {
    driver: Option<Child>,
    /// The WebDriver client on the app's window.
    pub client: Client,
    screenshots: PathBuf,
}

impl App {
    /// Starts the app on `profile`; `test` names the screenshot folder.
    pub async fn start(profile: &Profile, test: &str) -> TestResult<App> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err("no X display: run the end-to-end tests under xvfb-run (the README's test command does)".into());
        }
        // One retry: a launch right after another instance was killed has been seen to exit at once.
        match Self::try_start(profile, test).await {
            Ok(app) => Ok(app),
            Err(first) => {
                eprintln!("e2e: starting the app failed ({first}); retrying once");
                Self::try_start(profile, test).await
            }
        }
    }

    async fn try_start(profile: &Profile, test: &str) -> TestResult<App> {
        let (port, native_port) = (free_port()?, free_port()?);
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
        // The app asks for a passphrase itself; a developer's own is never handed to it.
        .env_remove("DESK_PASSPHRASE")
        // WebKitWebDriver's screenshot never answers under WebKitGTK's legacy renderer, which the app
        // asks for by default (src-tauri/src/main.rs): the window under the driver keeps the DMA-BUF
        // renderer unless the profile says otherwise (the window benchmark does). A launch with no
        // driver (`procs::launch_without_driver`) runs the app's default.
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "0")
        // Never inherit our pipes: a driver holding them would hang the test run.
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        for (k, v) in profile.env() {
            cmd.env(k, v);
        }
        let mut driver = cmd
            .spawn()
            .map_err(|e| format!("could not start tauri-driver: {e}"))?;
        let connected = async {
            // tauri-driver starts WebKitWebDriver and listens at once, but forwards the new-session
            // request without waiting for it: on a busy machine that request reaches a native port
            // nobody listens on yet, and the connection is dropped. Wait for both.
            wait_for_port(port, "tauri-driver").await?;
            wait_for_port(native_port, "WebKitWebDriver").await?;
            let mut caps = serde_json::Map::new();
            caps.insert("browserName".into(), "wry".into());
            caps.insert(
                "tauri:options".into(),
                serde_json::json!({ "application": app_bin().display().to_string() }),
            );
            let client =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}"))
                    .await?;
            Ok::<_, BoxError>(client)
        }
        .await;
        match connected {
            Ok(client) => Ok(App {
                driver: Some(driver),
                client,
                screenshots: output_dir(test),
            }),
            Err(e) => {
                terminate(&mut driver);
                Err(e)
            }
        }
    }

    /// Closes the window and stops the driver (SIGTERM, never SIGKILL: see shared/docs).
    pub async fn stop(mut self) -> TestResult {
        let closed = self.client.clone().close().await;
        if let Some(mut driver) = self.driver.take() {
            terminate(&mut driver);
        }
        closed?;
        Ok(())
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> TestResult<Element> {
        Ok(self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?)
    }

    /// The first element matching `css`, scrolled into view: WebKitWebDriver does not scroll the app's
    /// inner scrolling area by itself, and refuses to type into an element outside the viewport. To
    /// type, prefer [`App::type_into`], which finds the field again if a render replaced it.
    pub async fn reveal(&self, css: &str) -> TestResult<Element> {
        let element = self.find(css).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        Ok(element)
    }

    /// Every element matching `css` right now.
    pub async fn all(&self, css: &str) -> TestResult<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Does `act` on the element matching `css`, finding it again whenever a render replaced it in
    /// between (a stale element) or it cannot take input yet, until it works or [`WAIT`] passes. Every
    /// action on an element of a view that may render again goes through here.
    pub async fn on<T, F, Fut>(&self, css: &str, mut act: F) -> TestResult<T>
    where
        F: FnMut(Element) -> Fut,
        Fut: std::future::Future<Output = Result<T, CmdError>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            let element = self.find(css).await?;
            match act(element).await {
                Ok(value) => return Ok(value),
                Err(e) if is_transient(&e) && Instant::now() < deadline => {
                    // Polling for the re-rendered element, as `until` does.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => return Err(format!("{css}: {e}").into()),
            }
        }
    }

    /// Opens a view from the left navigation and waits until the navigation marks it as the current page.
    pub async fn open_view(&self, view: &str) -> TestResult {
        self.click(&format!("#nav [data-view=\"{view}\"]")).await?;
        self.find(&format!(
            "#nav [data-view=\"{view}\"][aria-current=\"page\"]"
        ))
        .await?;
        Ok(())
    }

    /// Clicks the element matching `css` (found again if a render replaced it).
    pub async fn click(&self, css: &str) -> TestResult {
        self.on(css, |e| async move { e.click().await }).await
    }

    /// Scrolls the field matching `css` into view and types `text` into it (found again if a render
    /// replaced it).
    pub async fn type_into(&self, css: &str, text: &str) -> TestResult {
        self.on(css, |e| async move {
            self.client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center' });",
                    vec![serde_json::to_value(&e).map_err(CmdError::Json)?],
                )
                .await?;
            e.send_keys(text).await
        })
        .await
    }

    /// Empties the field matching `css` (found again if a render replaced it).
    pub async fn clear(&self, css: &str) -> TestResult {
        self.on(css, |e| async move { e.clear().await }).await
    }

    /// Picks the option with `value` in the `<select>` matching `css` (found again if a render replaced it).
    pub async fn select_value(&self, css: &str, value: &str) -> TestResult {
        self.on(css, |e| async move { e.select_by_value(value).await })
            .await
    }

    /// Picks the option labelled `label` in the `<select>` matching `css` (found again if a render
    /// replaced it).
    pub async fn select_label(&self, css: &str, label: &str) -> TestResult {
        self.on(css, |e| async move { e.select_by_label(label).await })
            .await
    }

    /// The text of the element matching `css` (found again if a render replaced it).
    pub async fn text(&self, css: &str) -> TestResult<String> {
        self.on(css, |e| async move { e.text().await }).await
    }

    /// Waits until `check` holds, polling; fails with `what` after [`WAIT`].
    pub async fn until<F, Fut>(&self, what: &str, check: F) -> TestResult
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = TestResult<bool>>,
    {
        self.until_within(WAIT, what, check).await
    }

    /// Waits until `what` is true of the form control matching `css`: it holds exactly `value` (the
    /// control found again on each try, so a render in between does no harm).
    pub async fn until_value(&self, what: &str, css: &str, value: &str) -> TestResult {
        self.until(what, || async {
            Ok(self.find(css).await?.prop("value").await?.as_deref() == Some(value))
        })
        .await
    }

    /// Waits until `check` holds, polling; fails with `what` after `limit` (for a condition that
    /// cannot come sooner, such as the idle lock after its minute).
    pub async fn until_within<F, Fut>(
        &self,
        limit: Duration,
        what: &str,
        mut check: F,
    ) -> TestResult
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = TestResult<bool>>,
    {
        let deadline = Instant::now() + limit;
        let mut last = String::new();
        while Instant::now() < deadline {
            // An error (e.g. an element a render replaced while it was read) is "not yet".
            match check().await {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(e) => last = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("timed out waiting for {what} {last}").into())
    }

    /// Waits until `css` matches exactly `n` elements.
    pub async fn until_count(&self, css: &str, n: usize) -> TestResult {
        self.until(&format!("{n} x {css}"), || async move {
            Ok(self.all(css).await?.len() == n)
        })
        .await
    }

    /// Waits until the element matching `css` has text containing `text`.
    pub async fn until_text(&self, css: &str, text: &str) -> TestResult {
        self.until(&format!("{css} to contain {text:?}"), || async move {
            Ok(self.find(css).await?.text().await?.contains(text))
        })
        .await
    }

    /// From now on the page keeps the names of the commands it calls, in order (read with
    /// [`App::calls`]); forgets those kept so far. The bridge's own functions are frozen, but each
    /// command reaches the shell as a request to `ipc://localhost/<command>` made with `fetch`.
    pub async fn count_calls(&self) -> TestResult {
        self.client.execute(COUNT_CALLS, vec![]).await?;
        Ok(())
    }

    /// The commands the page called since [`App::count_calls`].
    pub async fn calls(&self) -> TestResult<Vec<String>> {
        let calls = self
            .client
            .execute("return window.__calls || [];", vec![])
            .await?;
        Ok(serde_json::from_value(calls)?)
    }

    /// Saves a PNG of the window as `<name>.png` in the test's output folder, once WebKit has painted
    /// what the DOM shows (three animation frames: WebKit's snapshot lags a paint or two behind the DOM).
    pub async fn screenshot(&self, name: &str) -> TestResult<PathBuf> {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\n\
                 requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        let path = self.screenshots.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}

impl Drop for App {
    /// A test that failed before `stop` still stops its driver (and with it the app), so no
    /// WebKitWebDriver is left holding ports or pipes.
    fn drop(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            terminate(&mut driver);
        }
    }
}

/// Errors that mean "the element is not the one on screen now, or not ready yet": find it and try again.
fn is_transient(e: &CmdError) -> bool {
    e.is_stale_element_reference()
        || e.is_no_such_element()
        || e.is_element_not_interactable()
        || matches!(e, CmdError::Standard(w) if w.error == ErrorStatus::ElementClickIntercepted)
        || e.is_invalid_element_state()
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let cargo_bin = home.join(".cargo/bin/tauri-driver");
    if cargo_bin.exists() {
        cargo_bin
    } else {
        PathBuf::from("tauri-driver")
    }
}

async fn wait_for_port(port: u16, who: &str) -> TestResult {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("{who} did not listen on port {port} within 60 s").into())
}

fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("e2e: tauri-driver ignored SIGTERM for 10 s");
}

/// Runs `desk` on `profile`, expecting success; returns what it printed.
pub fn desk_ok(profile: &Profile, args: &[&str]) -> TestResult<String> {
    let out = profile.desk(args)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "desk {args:?} failed ({}): {stderr}",
        out.status
    );
    Ok(String::from_utf8(out.stdout)?)
}

/// Runs `desk` on `profile`, expecting a refusal: exit code 1, nothing on stdout, no panic; returns stderr.
pub fn desk_fails(profile: &Profile, args: &[&str]) -> TestResult<String> {
    let out = profile.desk(args)?;
    assert_eq!(
        out.status.code(),
        Some(1),
        "desk {args:?} should fail with exit code 1"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout when failing: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8(out.stderr)?;
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    Ok(stderr)
}

/// Runs `desk … --json` on `profile` and parses what it printed.
pub fn desk_json(profile: &Profile, args: &[&str]) -> TestResult<serde_json::Value> {
    Ok(serde_json::from_str(&desk_ok(profile, args)?)?)
}

/// Installs the page's count of the commands it calls (see [`App::count_calls`]).
const COUNT_CALLS: &str = r#"
if (!window.__calls) {
  const send = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input && input.url ? input.url : input);
    const m = /^(?:ipc:\/\/localhost|https?:\/\/ipc\.localhost)\/([^?#]+)/.exec(url);
    if (m) window.__calls.push(decodeURIComponent(m[1]));
    return send(input, init);
  };
}
window.__calls = [];
"#;
