//! Routes a request to its handler: the parameters are decoded on the main loop (bad ones
//! get `InvalidParams` at once), then the handler runs on a worker with a snapshot
//! ([`World`]). Whatever happens there comes back to the main loop as a [`Task::Response`]:
//! the answer already serialised, an error, a panic turned into `InternalError`, or a
//! cancellation by an edit (the main loop then runs the request again on the new state).

use super::client::Client;
use super::main_loop::{GlobalState, Task};
use super::thread_pool::panic_message;
use super::world::{Failure, Outcome, World};
use lsp_server::{ErrorCode, Request, RequestId, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::panic::{AssertUnwindSafe, catch_unwind};

pub(crate) struct Dispatcher<'a> {
    state: &'a mut GlobalState,
    request: Option<Request>,
}

impl<'a> Dispatcher<'a> {
    pub fn new(state: &'a mut GlobalState, request: Request) -> Self {
        Dispatcher {
            state,
            request: Some(request),
        }
    }

    /// Runs `handler` on a worker if the request is an `R`.
    pub fn on<R>(&mut self, handler: fn(World, R::Params) -> Outcome<R::Result>) -> &mut Self
    where
        R: ls_types::request::Request,
        R::Params: DeserializeOwned + Send + 'static,
        R::Result: Serialize + 'static,
    {
        let Some(request) = self.request.take_if(|r| r.method == R::METHOD) else {
            return self;
        };
        let params = match serde_json::from_value::<R::Params>(request.params.clone()) {
            Ok(params) => params,
            Err(e) => {
                self.state.respond_error(
                    request.id,
                    ErrorCode::InvalidParams,
                    format!("invalid params for {}: {e}", R::METHOD),
                );
                return self;
            }
        };
        let id = request.id.clone();
        self.state.start_request(request);
        let world = self.state.world();
        let tasks = self.state.task_sender();
        self.state.pool().spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| handler(world, params)));
            let outcome = match outcome {
                Ok(Ok(result)) => Ok(encode_result(id.clone(), result)),
                Ok(Err(failure)) => Err(failure),
                Err(panic) => Err(Failure::new(
                    ErrorCode::InternalError,
                    format!("firn failed on {}: {}", R::METHOD, panic_message(&*panic)),
                )),
            };
            let _ = tasks.send(Task::Response { id, outcome });
        });
        self
    }

    /// Answers a request no handler took with `MethodNotFound`.
    pub fn finish(&mut self) {
        if let Some(request) = self.request.take() {
            let message = format!("unknown method {}", request.method);
            self.state
                .respond_error(request.id, ErrorCode::MethodNotFound, message);
        }
    }
}

/// The response's serialised body; an error answer if the result cannot be serialised.
fn encode_result(id: RequestId, result: impl Serialize) -> Vec<u8> {
    let response = match serde_json::to_value(result) {
        Ok(value) => Response::new_ok(id, value),
        Err(e) => Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            format!("firn could not serialise its answer: {e}"),
        ),
    };
    Client::encode(&response.into())
}
