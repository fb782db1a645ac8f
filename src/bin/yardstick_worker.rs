//! The Web Worker that runs every simulation off the page's main thread: its own small
//! WebAssembly binary holding the engine and [`yardstick::jobs`], built by Trunk
//! (`data-type="worker"` in index.html) and started by the page's `app::worker`.
//!
//! It says `ready` once it listens, then takes requests as JSON text, carries out the
//! queue one slice at a time and posts each reply as bytes (`jobs::reply_bytes`),
//! transferring their buffer. Slices are scheduled through a `MessageChannel`
//! rather than a zero timeout (which browsers clamp to 4 ms), and the page's messages
//! are delivered between slices, so a newer request supersedes a running job at the
//! next slice. Natively this binary only says where it runs.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};
    use yardstick::jobs::{reply_bytes, Queue};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let queue = Rc::new(RefCell::new(Queue::default()));
    let channel = MessageChannel::new().expect("a worker has message channels");
    let kick = channel.port2();
    // Whether a slice is already scheduled.
    let scheduled = Rc::new(std::cell::Cell::new(false));
    let schedule = {
        let scheduled = Rc::clone(&scheduled);
        move || {
            if !scheduled.replace(true) {
                let _ = kick.post_message(&JsValue::NULL);
            }
        }
    };
    let on_slice = Closure::<dyn FnMut()>::new({
        let (queue, scope, schedule) = (Rc::clone(&queue), scope.clone(), schedule.clone());
        move || {
            scheduled.set(false);
            let reply = queue.borrow_mut().step();
            if let Some(reply) = reply {
                let bytes = js_sys::Uint8Array::from(reply_bytes(&reply).as_slice());
                let transfer = js_sys::Array::of1(&bytes.buffer());
                let _ = scope.post_message_with_transfer(&bytes, &transfer);
            }
            if !queue.borrow().is_idle() {
                schedule();
            }
        }
    });
    channel
        .port1()
        .set_onmessage(Some(on_slice.as_ref().unchecked_ref()));
    let on_request = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let text = ev.data().as_string().unwrap_or_default();
        if let Err(e) = queue.borrow_mut().receive(&text) {
            web_sys::console::error_1(&format!("yardstick worker: not a request: {e}").into());
        }
        schedule();
    });
    scope.set_onmessage(Some(on_request.as_ref().unchecked_ref()));
    // Both listen for the worker's whole life.
    on_slice.forget();
    on_request.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("yardstick_worker runs in a browser's Web Worker; `trunk build` builds it.");
}
