//! The progress bar of a scan on standard error: commits done of those walked so
//! far, rate and time left. Shown only on a terminal, never in CI or with `--quiet`.

use std::{
    io::IsTerminal,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    thread::JoinHandle,
    time::Duration,
};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rungs_scan::Progress;

/// Whether a progress bar belongs on standard error: a terminal, not in CI, not quiet.
pub(crate) fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// A progress bar redrawn from the scan's counters until dropped.
pub(crate) struct Bar {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Bar {
    /// Start drawing `progress`.
    pub(crate) fn start(progress: Arc<Progress>) -> Bar {
        let stop = Arc::new(AtomicBool::new(false));
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr_with_hz(8));
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} {wide_bar} {pos}/{len} commits  {rate} commits/s  {eta} left",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}", state.per_sec());
                },
            ),
        );
        bar.set_prefix("scanning");
        let thread = {
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("rungs-progress".to_owned())
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        bar.set_length(progress.walked().max(1));
                        bar.set_position(progress.scanned());
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    bar.finish_and_clear();
                })
                .ok()
        };
        Bar { stop, thread }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
