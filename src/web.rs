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
    /// 429 Too Many Requests or 503 Service Unavailable, with the seconds `Retry-After` asked.
    #[error("the server answered HTTP {0}{wait}", wait = .1.map(|s| format!(" and asked to wait {s} s")).unwrap_or_default())]
    RetryLater(u16, Option<u64>),
    #[error("the page is larger than the {} MB limit", MAX_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("{0}")]
    Network(String),
}

/// What a server said about caching a feed, kept between refreshes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` of the last copy, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last copy, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A conditional download's answer.
#[derive(Debug, Clone)]
pub enum Conditional {
    /// HTTP 304: the copy from last time is still current; nothing was downloaded.
    Unchanged(Caching),
    /// A new copy.
    Changed(Fetched, Caching),
}

/// Caching headers of an answer: the validators to send next time and how long it stays fresh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caching {
    pub validators: Validators,
    /// `Cache-Control: max-age`, in seconds.
    pub max_age: Option<u64>,
}

/// One connection pool for many downloads, so a refresh reuses connections to the same host.
#[must_use]
pub fn agent() -> Agent {
    Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(USER_AGENT)
        .http_status_as_error(false)
        .build()
        .into()
}

/// Downloads `url`.
///
/// # Errors
/// When the address is not http(s), the server refuses, the body is too large, or the network
/// fails (the message says which).
pub fn fetch(url: &str) -> Result<Fetched, FetchError> {
    match fetch_with(&agent(), url, &Validators::default())? {
        Conditional::Changed(fetched, _) => Ok(fetched),
        // Never asked for: no validators were sent.
        Conditional::Unchanged(_) => Err(FetchError::Status(304)),
    }
}

/// Downloads `url` unless it is unchanged since the copy `validators` describe: sends
/// `If-None-Match` / `If-Modified-Since`, accepts gzip, deflate and brotli.
///
/// # Errors
/// As [`fetch`]; a 429 or 503 becomes [`FetchError::RetryLater`] with the wait the server asked.
pub fn fetch_with(
    agent: &Agent,
    url: &str,
    validators: &Validators,
) -> Result<Conditional, FetchError> {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(FetchError::NotHttp);
    }
    let mut request = agent
        .get(url.trim())
        .header("Accept-Encoding", "gzip, deflate, br");
    if let Some(etag) = &validators.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(modified) = &validators.last_modified {
        request = request.header("If-Modified-Since", modified);
    }
    let mut response = request
        .call()
        .map_err(|e| FetchError::Network(e.to_string()))?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let status = response.status().as_u16();
    let caching = Caching {
        validators: Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        },
        max_age: header("cache-control").and_then(|c| max_age(&c)),
    };
    if status == 304 {
        // A 304 may leave out the validators; the ones sent are still the right ones.
        let mut caching = caching;
        if caching.validators == Validators::default() {
            caching.validators = validators.clone();
        }
        return Ok(Conditional::Unchanged(caching));
    }
    if status == 429 || status == 503 {
        let wait = header("retry-after").and_then(|r| retry_after(&r, chrono::Utc::now()));
        return Err(FetchError::RetryLater(status, wait));
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Status(status));
    }
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    let content_type = header("content-type");
    let deflated = header("content-encoding").is_some_and(|e| e.eq_ignore_ascii_case("deflate"));
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge,
            other => FetchError::Network(other.to_string()),
        })?;
    // gzip and brotli are undone by the HTTP client; deflate is not.
    let bytes = if deflated { inflate(&bytes)? } else { bytes };
    Ok(Conditional::Changed(
        Fetched {
            url: final_url,
            content_type,
            bytes,
        },
        caching,
    ))
}

/// A `deflate` body: zlib-wrapped as the standard says, or raw as some servers send it.
fn inflate(bytes: &[u8]) -> Result<Vec<u8>, FetchError> {
    use std::io::Read;
    let read = |reader: &mut dyn Read| {
        let mut out = Vec::new();
        reader
            .take(MAX_BYTES + 1)
            .read_to_end(&mut out)
            .map(|_| out)
    };
    let out = read(&mut flate2::read::ZlibDecoder::new(bytes))
        .or_else(|_| read(&mut flate2::read::DeflateDecoder::new(bytes)))
        .map_err(|e| FetchError::Network(format!("the deflate-compressed body is broken: {e}")))?;
    if out.len() as u64 > MAX_BYTES {
        return Err(FetchError::TooLarge);
    }
    Ok(out)
}

/// `max-age` of a `Cache-Control` header, unless `no-store`/`no-cache` say not to rely on it.
fn max_age(cache_control: &str) -> Option<u64> {
    let mut age = None;
    for directive in cache_control.split(',').map(str::trim) {
        let lower = directive.to_ascii_lowercase();
        if lower == "no-cache" || lower == "no-store" {
            return None;
        }
        if let Some(value) = lower.strip_prefix("max-age=") {
            age = value.trim_matches('"').parse().ok();
        }
    }
    age
}

/// Seconds to wait from a `Retry-After` header: a number of seconds or an HTTP date.
#[must_use]
pub fn retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<u64> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(seconds);
    }
    let when = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    Some(u64::try_from((when.with_timezone(&chrono::Utc) - now).num_seconds()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caching_headers_are_read_as_servers_write_them() {
        assert_eq!(max_age("public, max-age=600"), Some(600));
        assert_eq!(max_age("max-age=\"60\""), Some(60));
        assert_eq!(max_age("no-cache, max-age=600"), None);
        assert_eq!(max_age("private"), None);
        let now = chrono::DateTime::parse_from_rfc2822("Wed, 21 Oct 2015 07:28:00 GMT")
            .expect("date")
            .with_timezone(&chrono::Utc);
        assert_eq!(retry_after("120", now), Some(120));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now), Some(120));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), Some(0));
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn deflate_bodies_are_read_wrapped_or_raw() {
        use std::io::Write;
        let text = b"<rss version=\"2.0\"><channel/></rss>";
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        zlib.write_all(text).expect("write");
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(text).expect("write");
        assert_eq!(
            inflate(&zlib.finish().expect("zlib")).expect("inflate"),
            text
        );
        assert_eq!(inflate(&raw.finish().expect("raw")).expect("inflate"), text);
        assert!(inflate(b"not compressed at all").is_err());
    }
}
