//! The command line: arguments, and the subcommands that wire the store to importers, exporters
//! and the reader.

mod commands;
mod hyphen;
mod pipe;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::article::ArticleId;
use crate::export::ExportFormat;
use crate::highlight::Color;

/// A terminal news reader that highlights the people, organisations and places in every story.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, about, long_about = None)]
#[command(
    after_help = "Run without a command to open the reader. `newsdesk --demo` opens it on a demo library."
)]
pub struct Cli {
    /// Library file to use instead of the default one (also $NEWSDESK_LIBRARY).
    #[arg(long, global = true, env = crate::paths::LIBRARY_ENV, value_name = "PATH")]
    pub library: Option<PathBuf>,
    /// Use a throwaway library filled with demo stories; your own library is not touched.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Config file to use instead of the default one.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands; each works in a pipe, without a terminal.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Save stories from files, folders or web addresses; `-` reads stdin.
    #[command(after_help = EXIT_HELP)]
    Add {
        /// Files, folders (searched recursively), http(s) addresses of pages or feeds, or `-`
        /// for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List stories, newest first, or those a query matches.
    List {
        /// A query such as `tag:latam is:unread` or `-tag:draft` (see `newsdesk search --help`).
        #[arg(value_name = "QUERY")]
        query: Vec<String>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// Show at most this many stories.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Find stories with the query language.
    #[command(after_long_help = QUERY_HELP)]
    Search {
        /// The query; several arguments are joined with spaces. A query may start with `-`:
        /// `newsdesk search -tag:draft coffee`.
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Print a JSON array (the shape of `list --json`).
        #[arg(long)]
        json: bool,
        /// Show at most this many stories.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Bookmark stories.
    Bookmark {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<ArticleId>,
    },
    /// Remove bookmarks from stories.
    Unbookmark {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<ArticleId>,
    },
    /// Mark stories read: `newsdesk read 3 4`, or `newsdesk read --query 'feed:"Some Blog"'`.
    Read(Marked),
    /// Mark stories unread again: `newsdesk unread 3`, or `--query QUERY`.
    Unread(Marked),
    /// Add (+name) and remove (-name) tags: `newsdesk tag 3 4 +politics -draft`.
    Tag {
        /// Story ids, +tag to add and -tag to remove (options such as --query go before these).
        #[arg(
            value_name = "ID|+TAG|-TAG",
            allow_hyphen_values = true,
            required = true
        )]
        items: Vec<String>,
        /// Change every story this query matches instead of listing ids.
        #[arg(long, value_name = "QUERY")]
        query: Option<String>,
    },
    /// List tags with their story counts, or rename one.
    Tags {
        #[command(subcommand)]
        action: Option<TagsAction>,
        /// Print a JSON array of {name, stories}.
        #[arg(long)]
        json: bool,
    },
    /// Print one story.
    Show {
        /// The story's id, as `newsdesk list` shows it.
        id: ArticleId,
        /// Print the story as JSON, in the export format.
        #[arg(long)]
        json: bool,
    },
    /// Import one file, its format detected (Pocket, Instapaper, wallabag, Omnivore, browser
    /// bookmarks, OPML subscriptions, feeds, pages, text, Markdown, JSON) or forced.
    #[command(after_help = EXIT_HELP)]
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Read the file as this format instead of guessing.
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
    },
    /// Download the text of stories saved as links (from exports, or when a download failed)
    /// and the full articles of feed items that could not be downloaded before, several at once.
    #[command(after_help = EXIT_HELP)]
    Fetch {
        /// Print nothing but failures (on stderr).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Subscribe to feeds, list and remove them, and move them in and out as OPML.
    Feed {
        #[command(subcommand)]
        action: FeedAction,
    },
    /// Fetch the subscribed feeds that are due and save their new stories; made to run from
    /// cron or a systemd timer.
    #[command(after_help = EXIT_HELP)]
    Refresh {
        /// Fetch every feed, due or not.
        #[arg(long, conflicts_with = "feed")]
        all: bool,
        /// Fetch only this feed (its id or address, as `newsdesk feed list` shows), due or not.
        #[arg(long, value_name = "ID|URL")]
        feed: Option<String>,
        /// Print nothing but failures (on stderr): for cron.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Remove old read stories from feeds as `keep_days` says (globally under [refresh] in the
    /// config, or per feed with `feed set --keep-days`); never a bookmarked, tagged or
    /// highlighted story, nor one saved by hand. A refresh does the same for the feeds it read.
    Prune {
        /// List what would be removed without removing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Two-way sync with the Miniflux or Google Reader API server set in the config's [sync].
    Sync {
        /// Show the linked server, the last sync and the changes waiting to be sent.
        #[arg(long)]
        status: bool,
        /// Forget the linked server (its ids and unsent changes); stories stay.
        #[arg(long, conflicts_with = "status")]
        unlink: bool,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Delete stories from the library.
    Remove {
        /// Ids of the stories to delete.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<ArticleId>,
    },
    /// Write stories out (all, or those a query matches); JSON exports can be added back with
    /// `newsdesk add`.
    Export {
        /// Only the stories this query matches (see `newsdesk search --help`); all when left out.
        #[arg(value_name = "QUERY")]
        query: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// File to write; standard output when left out or `-`.
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Mark a passage of a story, optionally with a note: `newsdesk highlight 12 "the exact
    /// words" --note "why it matters"`.
    Highlight {
        /// The story's id, as `newsdesk list` shows it.
        #[arg(value_name = "ID")]
        id: ArticleId,
        /// The passage as it appears in the story (differences in spaces and line breaks do not
        /// matter); its first occurrence is marked.
        #[arg(value_name = "QUOTE")]
        quote: String,
        /// A note to keep with the passage.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// The highlight's colour: yellow, green, blue or pink.
        #[arg(long, value_name = "NAME", default_value = "yellow")]
        color: Color,
    },
    /// Delete highlights (and their notes) by their ids, as `highlights --format json` shows.
    Unhighlight {
        #[arg(required = true, value_name = "HIGHLIGHT_ID")]
        ids: Vec<i64>,
    },
    /// Write out highlights and notes, the story highlighted last first: per story a heading
    /// with its title, source, date and address, then each passage as a quote with its note.
    Highlights {
        /// Only the highlights of stories this query matches (see `newsdesk search --help`).
        #[arg(value_name = "QUERY", num_args = 0..)]
        query: Vec<String>,
        /// `markdown` suits Obsidian and other note-taking tools; `json` keeps every field.
        #[arg(long, value_enum, default_value_t = HighlightsFormat::Markdown)]
        format: HighlightsFormat,
        /// File to write; standard output when left out.
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Show the people, organisations, places, dates and figures in a text, or the most mentioned
    /// across the library.
    Entities {
        /// A text file to analyse (`-` for stdin).
        #[arg(value_name = "FILE", conflicts_with_all = ["jsonl", "top"])]
        file: Option<PathBuf>,
        /// Read JSON Lines {"id", "text"} on stdin; write {"id", "entities": [...]} per line,
        /// with UTF-8 byte offsets.
        #[arg(long)]
        jsonl: bool,
        /// List the N most mentioned entities in the library, with their story counts.
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        /// With --top: only this kind (PERSON, ORG, PLACE, MISC, DATE, MONEY, PERCENT).
        #[arg(long, value_name = "LABEL", requires = "top")]
        label: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print what would be stored from a saved web page: its title and main text.
    Extract {
        /// A saved page (.html).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// `text`: the title, a blank line and the body; `json`: every field.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
        format: ExtractFormat,
    },
    /// Copy the library to a file, consistently even while the reader or `add` is running; the
    /// copy is written beside PATH and renamed over it when complete.
    #[command(
        after_help = "To restore: quit newsdesk, delete the library's -wal and -shm files (they belong \
                      to the old file and would damage the restored one), then copy the backup \
                      over the library file."
    )]
    Backup {
        /// The backup file, or a folder to put a dated file in.
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Show where the config file lives, or print the default config.
    Config {
        /// Print the default config file, with every setting explained.
        #[arg(long)]
        default: bool,
    },
}

/// The stories `read` and `unread` change: by id, or every one a query matches.
#[derive(Debug, clap::Args)]
pub struct Marked {
    /// Story ids, as `newsdesk list` shows them.
    #[arg(
        value_name = "ID",
        required_unless_present = "query",
        conflicts_with = "query"
    )]
    pub ids: Vec<ArticleId>,
    /// Mark every story this query matches instead of listing ids.
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
}

/// Output of `newsdesk highlights`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HighlightsFormat {
    Markdown,
    Json,
}

/// Formats `newsdesk import --format` can force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    Text,
    Markdown,
    Json,
    Jsonl,
    Feed,
    Html,
    PocketCsv,
    PocketHtml,
    Instapaper,
    Wallabag,
    Omnivore,
    Netscape,
    Opml,
}

/// What `newsdesk feed` does.
#[derive(Debug, Subcommand)]
pub enum FeedAction {
    /// Subscribe to a feed (a web address, or a feed file kept on disk) and fetch it now. The
    /// address of an ordinary web page finds the feed the page names, or the one at /feed,
    /// /rss.xml or /atom.xml on its site.
    #[command(after_help = EXIT_HELP)]
    Add {
        #[arg(value_name = "URL|FILE")]
        source: String,
        /// When a page names several feeds, take the first instead of asking.
        #[arg(long)]
        first: bool,
    },
    /// List the subscriptions: title, address, unread/total stories, last success, last error,
    /// next due.
    List {
        /// Print a JSON array instead.
        #[arg(long)]
        json: bool,
    },
    /// Change a subscription's settings; `none` clears a value.
    Set {
        /// The feed's id or address, as `newsdesk feed list` shows it.
        #[arg(value_name = "ID|URL")]
        feed: String,
        /// Shown instead of the feed's own title, and given to its stories as their source.
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// Tags given to every new story of the feed, comma-separated.
        #[arg(long, value_name = "TAG,TAG")]
        tags: Option<String>,
        /// Download the linked page of items that carry only a summary: auto (items that look
        /// like a summary), always, or never.
        #[arg(long, value_name = "auto|always|never")]
        full_text: Option<String>,
        /// Time between refreshes of this feed: 30m, 2h, 1d.
        #[arg(long, value_name = "DURATION")]
        interval: Option<String>,
        /// Items this query matches are not saved (`newsdesk search --help`).
        #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
        ignore: Option<String>,
        /// Read stories of this feed older than this many days are removed after a refresh.
        #[arg(long, value_name = "DAYS")]
        keep_days: Option<String>,
    },
    /// Unsubscribe (the stories already saved stay).
    Remove {
        #[arg(value_name = "URL|ID")]
        feed: String,
    },
    /// Subscribe to every feed in an OPML file.
    Import {
        #[arg(value_name = "FILE.opml")]
        file: PathBuf,
    },
    /// Print the subscriptions as OPML.
    Export,
}

/// Output of `newsdesk extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    Text,
    Json,
}

/// Changes to tags that are not about one story.
#[derive(Debug, Subcommand)]
pub enum TagsAction {
    /// Rename a tag everywhere; if NEW exists the two are merged.
    Rename { old: String, new: String },
}

/// The exit-code rule of every command that reads many inputs.
pub const EXIT_HELP: &str = "\
Exit status: 0 when everything succeeded; 1 when anything failed (what worked is still saved;
each failure is named on stderr); 2 for a usage error. Results go to stdout, failures to stderr.";

/// The query language, shown by `newsdesk search --help`.
const QUERY_HELP: &str = "\
Query language:
  word              stories containing a word starting with `word` (title or text)
  \"exact phrase\"    the words in this order
  tag:NAME          tagged NAME (quote names with spaces: tag:\"to read\")
  is:bookmarked     also is:unread, is:read, is:highlighted
  has:note          a highlight with a note; words also find stories by their notes
  has:enclosure     stories that carry a file (podcast audio, video, an image)
  entity:\"NAME\"     stories that mention a person, place or organisation
  source:NAME       the source's name contains NAME
  before:YYYY-MM-DD published before that day; after: on or after it
  sort:relevance    also sort:newest, sort:oldest, sort:title
  -TERM             stories that do not match TERM
  A OR B            either; terms are otherwise all required
  \\\"                a quote inside a value: tag:\"say \\\"hi\\\"\"

Case and accents are ignored: `bogota` finds \"Bogotá\".";

/// Parses the arguments and runs the command; the process's exit code comes back.
#[must_use]
pub fn main() -> ExitCode {
    pipe::exit_quietly_when_closed();
    let cli = Cli::parse_from(hyphen::queries_after_separator(
        std::env::args_os().collect(),
    ));
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) if pipe::is_closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors can quote input (a file name, a query, a line of a file): shown sanitised.
            pipe::report(&format!(
                "newsdesk: {}",
                crate::text::sanitize(&format!("{error:#}"))
            ));
            ExitCode::FAILURE
        }
    }
}
