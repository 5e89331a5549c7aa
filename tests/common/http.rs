//! A small HTTP/1.1 server on 127.0.0.1 for tests and benchmarks: a handler answers each
//! request; every request is logged and the bytes sent are counted.

#![allow(
    dead_code,
    reason = "each test file uses a different part of the server"
)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// What the server sends back.
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long after the headers before sending the body.
    pub delay: Duration,
    /// Send only this many bytes of the body (the Content-Length still says all), then close.
    pub truncate_to: Option<usize>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            ..Self::default()
        }
    }

    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// A running server.
pub struct Server {
    pub base: String,
    log: Arc<Mutex<Vec<Request>>>,
    sent: Arc<AtomicU64>,
}

impl Server {
    /// Starts a server answering with `handler`; it runs until the process ends.
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let sent: Arc<AtomicU64> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let (thread_log, thread_sent) = (Arc::clone(&log), Arc::clone(&sent));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, log, sent) = (
                    Arc::clone(&handler),
                    Arc::clone(&thread_log),
                    Arc::clone(&thread_sent),
                );
                std::thread::spawn(move || answer(&stream, &*handler, &log, &sent));
            }
        });
        Self { base, log, sent }
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().expect("log").clone()
    }

    /// Requests so far for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }

    /// Bytes written to clients so far, headers included.
    pub fn bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

/// Serves requests on one connection until the client closes it (keep-alive).
fn answer(
    stream: &std::net::TcpStream,
    handler: &Handler,
    log: &Mutex<Vec<Request>>,
    sent: &AtomicU64,
) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut first = String::new();
        if reader.read_line(&mut first).map_or(true, |n| n == 0) {
            return;
        }
        let path = first.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut headers = HashMap::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).map_or(true, |n| n == 0) {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
            }
        }
        let request = Request { path, headers };
        log.lock().expect("log").push(request.clone());
        let response = handler(&request);
        let mut head = format!("HTTP/1.1 {} X\r\n", response.status);
        for (name, value) in &response.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let close = response.truncate_to.is_some();
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: {}\r\n\r\n",
            response.body.len(),
            if close { "close" } else { "keep-alive" }
        ));
        let mut out = stream;
        if out.write_all(head.as_bytes()).is_err() {
            return;
        }
        let _ = out.flush();
        std::thread::sleep(response.delay);
        let body = &response.body[..response
            .truncate_to
            .unwrap_or(response.body.len())
            .min(response.body.len())];
        if out.write_all(body).is_err() {
            return;
        }
        sent.fetch_add((head.len() + body.len()) as u64, Ordering::Relaxed);
        if close {
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
    }
}

/// An RSS document with `items` items, ids prefixed `prefix`. Items have no links, so no full
/// article is ever downloaded for them (nothing leaves 127.0.0.1).
pub fn rss(title: &str, prefix: &str, items: usize) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://{prefix}.example/</link>"
    );
    for i in 0..items {
        out.push_str(&format!(
            "<item><title>{title} story {i}</title><guid>{prefix}-{i}</guid>\
             <description>The harbour board met on day {i} and agreed to repair the pier. \
             Fishing crews welcomed the decision.</description></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}
