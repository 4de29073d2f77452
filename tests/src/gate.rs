//! The screens in front of the data, as a person uses them: the first run (a passphrase typed twice, or
//! "No passphrase on this laptop"), the unlock screen, and Ctrl+L. Every step waits for what the window
//! shows next, never for time.

use fantoccini::key::Key;

use crate::{App, TestResult};

/// Ctrl + `key`, as WebDriver types it (the modifier is released at the end of the keys).
pub fn ctrl(key: &str) -> String {
    format!("{}{key}", char::from(Key::Control))
}

/// `text` followed by Enter.
pub fn then_enter(text: &str) -> String {
    format!("{text}{}", char::from(Key::Enter))
}

impl App {
    /// True while the first-run or unlock screen stands in front of the views.
    pub async fn gated(&self) -> TestResult<bool> {
        let gated = self
            .client
            .execute("return document.body.classList.contains('gated');", vec![])
            .await?;
        Ok(gated.as_bool() == Some(true))
    }

    /// The id of the element that has the keyboard focus.
    pub async fn focused_id(&self) -> TestResult<String> {
        let id = self
            .client
            .execute(
                "return document.activeElement ? document.activeElement.id : '';",
                vec![],
            )
            .await?;
        Ok(id.as_str().unwrap_or_default().to_string())
    }

    /// On the first-run (or upgrade) screen: types `passphrase` twice, with "Remember on this laptop"
    /// as `remember`, submits with Enter and waits until the screen has made way for the views.
    pub async fn choose_passphrase(&self, passphrase: &str, remember: bool) -> TestResult {
        self.find("#setup-form").await?;
        self.type_into("#setup-passphrase", passphrase).await?;
        if remember {
            self.click("#setup-remember").await?;
        }
        self.type_into("#setup-repeat", &then_enter(passphrase))
            .await?;
        self.until("the views after the first run", || async {
            Ok(!self.gated().await?)
        })
        .await
    }

    /// On the first-run screen: "No passphrase on this laptop", confirmed; waits for the views.
    pub async fn choose_no_passphrase(&self) -> TestResult {
        self.click("#setup-no-passphrase").await?;
        self.click("#confirm-yes").await?;
        self.until("the views after choosing no passphrase", || async {
            Ok(!self.gated().await?)
        })
        .await
    }

    /// On the unlock screen: types `passphrase` and Enter, and waits until the views are back.
    pub async fn unlock(&self, passphrase: &str) -> TestResult {
        self.find("#unlock-form").await?;
        self.clear("#unlock-passphrase").await?;
        self.type_into("#unlock-passphrase", &then_enter(passphrase))
            .await?;
        self.until("the views after the unlock", || async {
            Ok(!self.gated().await?)
        })
        .await
    }

    /// Presses Ctrl+L in the element matching `css` (where the person is typing) and waits for the
    /// unlock screen.
    pub async fn lock_from(&self, css: &str) -> TestResult {
        self.type_into(css, &ctrl("l")).await?;
        self.find("#gate-unlock").await?;
        Ok(())
    }
}
