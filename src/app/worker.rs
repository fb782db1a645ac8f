//! The only code that touches the engine's Web Worker: the page never runs a
//! simulation on its main thread. It starts the worker (`yardstick_worker`, see
//! [`crate::jobs`]), sends each lane's newest request and hands every reply to its
//! lane, dropping replies to requests a newer one has superseded.
//!
//! Requests made before the worker says `ready` wait, the newest per lane. The last few
//! final answers are remembered by their job, so a request the page has had answered
//! (another section of an unchanged project) is answered at once. If the
//! worker dies (a trap in the engine), the page says so in a banner and starts a new
//! worker for the next request; the job that killed it is not sent again.

use crate::jobs::{read_reply, Answer, Job, Request};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The worker's loader, relative to the page so that the app works under any subpath.
const LOADER: &str = "./yardstick_worker_loader.js";

/// How long a lane waits after its source's last change before asking: long enough
/// to send one request per burst of keystrokes, short enough for a first answer
/// within 150 ms of an edit.
const SETTLE: Duration = Duration::from_millis(30);

#[wasm_bindgen]
extern "C" {
    /// A `Worker` made from a Trusted Types script address (web-sys takes a string).
    #[wasm_bindgen(js_name = Worker)]
    type TrustedWorker;
    #[wasm_bindgen(constructor, js_class = "Worker", catch)]
    fn new(url: &JsValue) -> Result<TrustedWorker, JsValue>;
}

type Handler = Rc<dyn Fn(Answer, bool)>;

/// One lane: the newest request's number, its job as JSON text, and where its replies
/// go.
struct Lane {
    seq: u64,
    job: String,
    on_reply: Handler,
}

/// How many final answers the page remembers (their reply's bytes), by their job's JSON
/// text: opening another section of an unchanged project shows its forecast at once
/// instead of running it again.
const REMEMBERED: usize = 4;

#[derive(Default)]
struct Client {
    worker: Option<Worker>,
    ready: bool,
    /// Requests waiting for `ready`, as JSON text, the newest per lane.
    waiting: Vec<(u32, String)>,
    lanes: HashMap<u32, Lane>,
    next_lane: u32,
    /// The latest final replies as the worker sent them, newest last, with their job's
    /// JSON text.
    remembered: Vec<(String, Vec<u8>)>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::new(Client::default());
    /// Set when the worker died; the shell shows it. Reference-counted, so that no
    /// view's owner disposes of it.
    static DIED: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Whether the engine's worker has died since the page loaded (a banner says so).
pub fn died() -> ArcRwSignal<bool> {
    DIED.with(ArcRwSignal::clone)
}

/// Starts the worker (once); its engine warms up while the page is idle.
pub fn start() {
    let started = CLIENT.with_borrow(|c| c.worker.is_some());
    if !started {
        spawn();
        send(u32::MAX, Some(Job::WarmUp));
    }
}

/// Starts a new worker and listens to it.
fn spawn() {
    let Ok(worker) = TrustedWorker::new(&super::trusted::script_url(LOADER)) else {
        web_sys::console::error_1(&"Yardstick could not start its engine's worker".into());
        return;
    };
    let worker: Worker = worker.unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|ev: MessageEvent| receive(ev.data()));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn Fn(JsValue)>::new(|_| {
        web_sys::console::error_1(&"Yardstick's engine stopped; starting it again".into());
        let dead = CLIENT.with_borrow_mut(|c| {
            c.ready = false;
            c.waiting.clear();
            c.worker.take()
        });
        if let Some(dead) = dead {
            dead.terminate();
        }
        DIED.with(|d| d.set(true));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    CLIENT.with_borrow_mut(|c| c.worker = Some(worker));
}

/// A reply (or `ready`) from the worker.
fn receive(data: JsValue) {
    if data.as_string().is_some_and(|text| text == "ready") {
        let waiting = CLIENT.with_borrow_mut(|c| {
            c.ready = true;
            std::mem::take(&mut c.waiting)
        });
        for (_, request) in waiting {
            post(&request);
        }
        return;
    }
    let bytes = js_sys::Uint8Array::new(&data).to_vec();
    let Some(reply) = read_reply(&bytes) else {
        web_sys::console::error_1(&"Yardstick's engine sent a reply the page cannot read".into());
        return;
    };
    let handler = CLIENT.with_borrow_mut(|c| {
        let lane = c
            .lanes
            .get(&reply.lane)
            .filter(|lane| lane.seq == reply.seq)?;
        let handler = Rc::clone(&lane.on_reply);
        // Cards answer one at a time: only whole answers are remembered.
        if reply.last && !matches!(reply.answer, Answer::Cards(_)) {
            let job = lane.job.clone();
            c.remembered.retain(|(j, _)| *j != job);
            c.remembered.push((job, bytes));
            if c.remembered.len() > REMEMBERED {
                c.remembered.remove(0);
            }
        }
        Some(handler)
    });
    if let Some(handler) = handler {
        handler(reply.answer, reply.last);
    }
}

/// The browser's locale (`navigator.language`), in which dates are shown.
pub fn locale() -> String {
    window().navigator().language().unwrap_or_default()
}

fn post(text: &str) {
    CLIENT.with_borrow(|c| {
        if let Some(worker) = &c.worker {
            let _ = worker.post_message(&JsValue::from_str(text));
        }
    });
}

/// Sends `job` (or `None`: drop the lane's job) on `lane`, superseding its older one.
fn send(lane: u32, job: Option<Job>) {
    if CLIENT.with_borrow(|c| c.worker.is_none()) {
        spawn();
    }
    let job_text = job
        .as_ref()
        .and_then(|job| serde_json::to_string(job).ok())
        .unwrap_or_default();
    let (text, known) = CLIENT.with_borrow_mut(|c| {
        let seq = c.lanes.get(&lane).map_or(0, |l| l.seq) + 1;
        let known = c
            .remembered
            .iter()
            .find(|(j, _)| !j.is_empty() && *j == job_text)
            .and_then(|(_, reply)| read_reply(reply))
            .map(|reply| reply.answer);
        let handler = c.lanes.get_mut(&lane).map(|l| {
            l.seq = seq;
            l.job.clone_from(&job_text);
            Rc::clone(&l.on_reply)
        });
        if let (Some(answer), Some(handler)) = (known, handler) {
            // Answered already: the worker only drops the lane's older job.
            let text = serde_json::to_string(&Request {
                lane,
                seq,
                job: None,
                locale: String::new(),
            })
            .ok();
            return (text.filter(|_| c.ready), Some((answer, handler)));
        }
        // The job is text already: the request wraps it as `Request` serialises (no job,
        // `null`, drops the lane's job).
        let job_json = if job_text.is_empty() {
            "null"
        } else {
            &job_text
        };
        let locale = serde_json::to_string(&locale()).unwrap_or_default();
        let text = Some(format!(
            r#"{{"lane":{lane},"seq":{seq},"job":{job_json},"locale":{locale}}}"#
        ));
        if c.ready {
            return (text, None);
        }
        c.waiting.retain(|(l, _)| *l != lane);
        c.waiting.extend(text.map(|t| (lane, t)));
        (None, None)
    });
    if let Some(text) = text {
        post(&text);
    }
    if let Some((answer, handler)) = known {
        handler(answer, true);
    }
}

/// A new lane whose replies go to `on_reply` (the answer, and whether it is the last
/// for its request). The lane closes with the reactive owner that opened it.
pub fn lane(on_reply: impl Fn(Answer, bool) + 'static) -> u32 {
    let id = CLIENT.with_borrow_mut(|c| {
        c.next_lane += 1;
        let id = c.next_lane;
        c.lanes.insert(
            id,
            Lane {
                seq: 0,
                job: String::new(),
                on_reply: Rc::new(on_reply),
            },
        );
        id
    });
    on_cleanup(move || {
        send(id, None);
        CLIENT.with_borrow_mut(|c| c.lanes.remove(&id));
    });
    id
}

/// Asks for `job` on `lane`, superseding the lane's older request.
pub fn ask(lane: u32, job: Job) {
    start();
    send(lane, Some(job));
}

/// What the worker computes from a document (the project, the workspace) shortly after
/// it stops changing: `job` makes the request and `pick` makes the value from the
/// document and each answer. Reads `None` until the first answer; a forecast's preview
/// comes before its final value.
pub fn computed<S, T>(
    source: Memo<Option<S>>,
    job: impl Fn(&S) -> Job + Clone + 'static,
    pick: impl Fn(&S, Answer) -> Option<T> + 'static,
) -> ReadSignal<Option<T>>
where
    S: Clone + PartialEq + Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    let (result, set_result) = signal(None);
    // The document of the lane's newest request: the only one whose replies arrive.
    let asked = StoredValue::new_local(None::<S>);
    let id = lane(move |answer, _| {
        let value = asked.try_with_value(|doc| doc.as_ref().and_then(|d| pick(d, answer)));
        if let Some(Some(value)) = value {
            set_result.try_set(Some(value));
        }
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let Some(doc) = source.get() else { return };
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let job = job.clone();
        let send = move || {
            let request = job(&doc);
            asked.set_value(Some(doc));
            ask(id, request);
        };
        pending.set_value(set_timeout_with_handle(send, SETTLE).ok());
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
    });
    result
}
