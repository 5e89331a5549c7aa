//! The one HTTP connection both protocols use: a base address, a timeout on every request, a
//! size cap on answers, status codes turned into [`SyncError`]s that never carry the secret, and
//! a count of requests (a sync with nothing new should cost one or two).

use std::cell::Cell;
use std::time::Duration;

use ureq::Agent;
use ureq::http::Response;

use super::SyncError;

/// Largest answer read from a sync server; a page of 500 full entries fits many times over.
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// An HTTP method with the body it sends.
pub(super) enum Send<'a> {
    Get,
    Delete,
    Json(&'a str, Vec<u8>),
    Form(&'a str, Vec<(String, String)>),
}

/// A sync server's address with an agent configured for it.
pub(super) struct Http {
    agent: Agent,
    base: String,
    timeout: Duration,
    requests: Cell<usize>,
    /// The server's clock (its `Date` header) at the last answer, Unix seconds.
    server_time: Cell<Option<i64>>,
}

impl Http {
    /// Talks to `base` (no trailing slash), giving up on any request after `timeout`.
    pub(super) fn new(base: &str, timeout: Duration) -> Self {
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(3)
            .user_agent(crate::web::USER_AGENT)
            .http_status_as_error(false)
            .build()
            .into();
        Self {
            agent,
            base: base.trim_end_matches('/').to_owned(),
            timeout,
            requests: Cell::new(0),
            server_time: Cell::new(None),
        }
    }

    /// Turns an answer's status into an error naming the server and the path, unless it is a
    /// success: both protocols treat every other status as a failure of that request.
    pub(super) fn expect_success(&self, status: u16, path: &str) -> Result<(), SyncError> {
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(SyncError::Http {
                server: self.base.clone(),
                status,
                path: path.to_owned(),
            })
        }
    }

    /// The server's address, for messages.
    pub(super) fn base(&self) -> &str {
        &self.base
    }

    /// The server's time at its last answer, when it sent a `Date` header: cursors based on it
    /// do not depend on this machine's clock.
    pub(super) fn server_time(&self) -> Option<i64> {
        self.server_time.get()
    }

    /// Requests made so far.
    pub(super) fn requests(&self) -> usize {
        self.requests.get()
    }

    /// Sends one request; returns the status and the answer's bytes. Every status is returned
    /// (callers decide what they accept) except 401/403, which become
    /// [`SyncError::Unauthorized`].
    pub(super) fn call(
        &self,
        send: Send<'_>,
        path: &str,
        query: &[(&str, String)],
        headers: &[(&str, String)],
    ) -> Result<(u16, Vec<u8>), SyncError> {
        self.requests.set(self.requests.get() + 1);
        let url = format!("{}{path}", self.base);
        let result = match send {
            Send::Get | Send::Delete => {
                let mut request = if matches!(send, Send::Get) {
                    self.agent.get(&url)
                } else {
                    self.agent.delete(&url)
                };
                for (key, value) in query {
                    request = request.query(*key, value);
                }
                for (key, value) in headers {
                    request = request.header(*key, value);
                }
                request.call()
            }
            send => {
                let mut request = if method_of(&send) == "PUT" {
                    self.agent.put(&url)
                } else {
                    self.agent.post(&url)
                };
                for (key, value) in query {
                    request = request.query(*key, value);
                }
                for (key, value) in headers {
                    request = request.header(*key, value);
                }
                match send {
                    Send::Json(_, body) => request
                        .header("content-type", "application/json")
                        .send(&body[..]),
                    Send::Form(_, form) => {
                        request.send_form(form.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    }
                    Send::Get | Send::Delete => request.send_empty(),
                }
            }
        };
        let response = result.map_err(|e| self.transport_error(&e))?;
        self.read(response)
    }

    fn read(&self, mut response: Response<ureq::Body>) -> Result<(u16, Vec<u8>), SyncError> {
        let status = response.status().as_u16();
        let date = response
            .headers()
            .get("date")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
            .map(|t| t.timestamp());
        self.server_time.set(date);
        if status == 401 || status == 403 {
            return Err(SyncError::Unauthorized {
                server: self.base.clone(),
                status,
            });
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_vec()
            .map_err(|e| self.transport_error(&e))?;
        Ok((status, bytes))
    }

    /// A network failure in words, without the request (which may carry a secret).
    fn transport_error(&self, error: &ureq::Error) -> SyncError {
        match error {
            ureq::Error::Timeout(_) => SyncError::Timeout {
                server: self.base.clone(),
                seconds: self.timeout.as_secs(),
            },
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => SyncError::Timeout {
                server: self.base.clone(),
                seconds: self.timeout.as_secs(),
            },
            ureq::Error::BodyExceedsLimit(_) => SyncError::Garbage {
                server: self.base.clone(),
                what: format!("an answer larger than {} MB", MAX_ANSWER / 1024 / 1024),
            },
            ureq::Error::Protocol(_) | ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
                SyncError::Garbage {
                    server: self.base.clone(),
                    what: "an answer that is not HTTP".to_owned(),
                }
            }
            other => SyncError::Unreachable {
                server: self.base.clone(),
                cause: other.to_string(),
            },
        }
    }
}

/// The HTTP method a request is sent with.
fn method_of<'a>(send: &Send<'a>) -> &'a str {
    match send {
        Send::Json(method, _) | Send::Form(method, _) => method,
        Send::Get => "GET",
        Send::Delete => "DELETE",
    }
}

/// Parses a JSON answer, naming the request when it is not what the protocol promises.
pub(super) fn json<T: serde::de::DeserializeOwned>(
    http: &Http,
    path: &str,
    bytes: &[u8],
) -> Result<T, SyncError> {
    serde_json::from_slice(bytes).map_err(|e| SyncError::Garbage {
        server: http.base().to_owned(),
        what: format!("{path}: {e}"),
    })
}
