//! Downloading pages and feeds: http and https only, a 20 s timeout, a 10 MB cap, at most five
//! redirects, and a user agent that says who is asking.

use std::time::Duration;

use ureq::Agent;

/// Longest wait for one download.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// Largest body read; bigger ones are refused.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 5;
/// How newsdesk introduces itself to web servers.
pub const USER_AGENT: &str = concat!(
    "newsdesk/",
    env!("CARGO_PKG_VERSION"),
    " (terminal news reader)"
);

/// A downloaded document.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address after redirects.
    pub url: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl Fetched {
    /// The body as text, decoded by the charset the server named, else by the document's own
    /// declarations.
    #[must_use]
    pub fn text(&self) -> String {
        crate::import::encoding::decode_download(&self.bytes, self.content_type.as_deref())
    }

    /// Whether the server or the content says this is a feed.
    #[must_use]
    pub fn is_feed(&self) -> bool {
        let ct = self
            .content_type
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        ct.contains("rss")
            || ct.contains("atom")
            || ct.contains("feed+json")
            || ((ct.contains("xml") || ct.contains("json"))
                && crate::import::feed::looks_like_feed(&self.bytes))
            || (!ct.contains("html") && crate::import::feed::looks_like_feed(&self.bytes))
    }
}

/// Why a download failed, in words for the status line and the story saved instead.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("only http and https addresses can be downloaded")]
    NotHttp,
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("the page is larger than the {} MB limit", MAX_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("{0}")]
    Network(String),
}

/// Downloads `url`.
///
/// # Errors
/// When the address is not http(s), the server refuses, the body is too large, or the network
/// fails (the message says which).
pub fn fetch(url: &str) -> Result<Fetched, FetchError> {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(FetchError::NotHttp);
    }
    let agent: Agent = Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(USER_AGENT)
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(url.trim())
        .call()
        .map_err(|e| FetchError::Network(e.to_string()))?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(FetchError::Status(status));
    }
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge,
            other => FetchError::Network(other.to_string()),
        })?;
    Ok(Fetched {
        url: final_url,
        content_type,
        bytes,
    })
}
