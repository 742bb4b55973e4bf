//! What a benchmark changed on the machine (addresses on `lo`, CPU groups) is undone on Ctrl-C
//! as on a normal end: each change registers its undo here while it lasts, and the first SIGINT
//! runs every undo still registered and ends the run (exit 130). The child processes (daemon,
//! sshd nodes) get the terminal's SIGINT themselves.

use std::sync::Mutex;

type Undo = Box<dyn Fn() + Send>;

static UNDO: Mutex<Vec<(String, Undo)>> = Mutex::new(Vec::new());

/// Registers `undo` under `key` until [`forget`] (the change was undone the normal way).
pub fn register(key: &str, undo: Undo) {
    UNDO.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((key.to_string(), undo));
}

/// The change under `key` was undone the normal way: nothing to undo on Ctrl-C.
pub fn forget(key: &str) {
    UNDO.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|(k, _)| k != key);
}

/// Undoes every registered change when SIGINT arrives, then exits with 130.
pub fn undo_on_ctrl_c(rt: &tokio::runtime::Runtime) {
    rt.spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            let undo = std::mem::take(&mut *UNDO.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            for (what, f) in undo.iter().rev() {
                f();
                eprintln!("interrupted: undid {what}");
            }
            #[allow(clippy::exit, reason = "an interrupted benchmark ends here, after undoing its changes")]
            std::process::exit(130);
        }
    });
}
