//! The main loop's side of `workspace/executeCommand` (`commands.rs` runs them): starting a
//! command on a thread of its own, cancelling it, answering when it ends, and the failure
//! diagnostics a build leaves, published with each file's own.

use super::{GlobalState, Outgoing, Task};
use crate::commands::{self, Finished, Running, Target};
use ls_types::notification::{self as notif};
use ls_types::request::{self as req};
use ls_types::*;
use lsp_server::{ErrorCode, Request, RequestId, Response};

impl GlobalState {
    pub(super) fn execute_command(&mut self, request: Request) {
        let params: ExecuteCommandParams = match serde_json::from_value(request.params) {
            Ok(p) => p,
            Err(e) => {
                let message = format!("invalid params for workspace/executeCommand: {e}");
                return self.respond_error(request.id, ErrorCode::InvalidParams, message);
            }
        };
        let command = params.command.as_str();
        if command == commands::CANCEL {
            for running in self.running.values() {
                running.cancel();
            }
            self.cancelled.extend(self.running.keys().cloned());
            return self.client.respond(Response::new_ok(request.id, ()));
        }
        if !commands::ALL.contains(&command) {
            let message = format!("unknown command '{command}' (firn has {:?})", commands::ALL);
            return self.respond_error(request.id, ErrorCode::InvalidParams, message);
        }
        let target: Target = match params.arguments.first() {
            Some(value) => match serde_json::from_value(value.clone()) {
                Ok(t) => t,
                Err(e) => {
                    let message = format!("invalid argument for {command}: {e}");
                    return self.respond_error(request.id, ErrorCode::InvalidParams, message);
                }
            },
            None => Target::default(),
        };
        let roots = self.setup.roots.clone();
        let mut configuration = None;
        let invocation = if command == commands::OPTIONS {
            self.options_invocation(&target).map(|(invocation, name)| {
                configuration = Some(name);
                invocation
            })
        } else {
            commands::invocation(command, &target, &roots)
        };
        let count_only = target.count_only;
        let started = invocation.and_then(|(cwd, args)| commands::spawn(&cwd, &args));
        let child = match started {
            Ok(child) => child,
            Err(message) => {
                return self.respond_error(request.id, ErrorCode::RequestFailed, message);
            }
        };
        // Progress on the client's token, else on one we ask the client to create.
        let token = params
            .work_done_progress_params
            .work_done_token
            .or_else(|| {
                self.setup.progress.then(|| {
                    self.next_outgoing_id += 1;
                    let token =
                        NumberOrString::String(format!("firn/command/{}", self.next_outgoing_id));
                    self.send_request::<req::WorkDoneProgressCreate>(
                        WorkDoneProgressCreateParams {
                            token: token.clone(),
                        },
                        Outgoing::Acknowledgement,
                    );
                    token
                })
            });
        self.running.insert(
            request.id.clone(),
            Running {
                pid: child.id(),
                token: token.clone(),
            },
        );
        let (client, tasks, id, command) = (
            self.client.clone(),
            self.task_tx.clone(),
            request.id,
            command.to_string(),
        );
        let spawned = std::thread::Builder::new()
            .name(format!("firn-{command}"))
            .spawn(move || {
                let mut finished = commands::follow(child, &client, &command, token);
                if let Some(configuration) = configuration {
                    finished.result = finished.result.map(|options| {
                        let count = options.as_array().map_or(0, Vec::len);
                        let mut answer = serde_json::json!({
                            "configuration": configuration, "count": count });
                        if !count_only {
                            answer["options"] = options;
                        }
                        answer
                    });
                }
                let _ = tasks.send(Task::CommandDone { id, finished });
            });
        if let Err(e) = spawned {
            eprintln!("firn: could not follow the command: {e}");
        }
    }

    /// `firn options --json --flake DIR#KIND.NAME [PREFIX]` for the configuration the
    /// target's module belongs to (`--expr` for another module system), and its name.
    fn options_invocation(
        &mut self,
        target: &Target,
    ) -> Result<((std::path::PathBuf, Vec<String>), String), String> {
        let uri = target
            .uri
            .as_deref()
            .and_then(|u| u.parse::<Uri>().ok())
            .ok_or("firn.options needs the `uri` of a module")?;
        let path = crate::path_of(&uri);
        self.flush_changes();
        let file = self.host.file(&path).ok_or("the module is not open")?;
        let found = self.host.analysis().module_system(file).ok().flatten();
        let system = found.ok_or_else(|| {
            format!(
                "{} is not a module of a configuration firn found (no flake.nix above it names it, in a configuration, a module set or flake-parts' mkFlake, and what it sets matches none of the flake's configurations); the `firn.options` setting can name one",
                path.display()
            )
        })?;
        let mut args = vec!["options".to_string(), "--json".to_string()];
        match &system.flake_attr {
            Some(attr) => args.extend(["--flake".to_string(), format!(".#{}", attr.join("."))]),
            None => args.extend(["--expr".to_string(), system.expr.clone()]),
        }
        args.extend(target.prefix.clone().filter(|p| !p.is_empty()));
        Ok(((system.base_dir, args), system.name))
    }

    /// `$/cancelRequest` or a progress's cancel button: interrupts the command.
    pub(super) fn cancel_command(
        &mut self,
        id: Option<&RequestId>,
        token: Option<&NumberOrString>,
    ) -> bool {
        let found: Vec<RequestId> = self
            .running
            .iter()
            .filter(|(rid, r)| Some(*rid) == id || (token.is_some() && r.token.as_ref() == token))
            .map(|(rid, _)| rid.clone())
            .collect();
        for rid in &found {
            self.running[rid].cancel();
            self.cancelled.insert(rid.clone());
        }
        !found.is_empty()
    }

    pub(super) fn command_done(&mut self, id: RequestId, finished: Finished) {
        self.running.remove(&id);
        let cancelled = self.cancelled.remove(&id) || finished.cancelled;
        // A build's diagnostics replace the last build's.
        let old: Vec<Uri> = self.build_diagnostics.keys().cloned().collect();
        self.build_diagnostics.clear();
        for (path, diagnostics) in finished.diagnostics {
            if let Some(uri) = Uri::from_file_path(&path) {
                self.build_diagnostics.insert(uri, diagnostics);
            }
        }
        let touched: Vec<Uri> = old
            .into_iter()
            .chain(self.build_diagnostics.keys().cloned())
            .collect();
        for uri in touched {
            if self.documents.contains_key(&uri) {
                self.diagnostics_due.insert(uri, std::time::Instant::now());
            } else {
                let diagnostics = self
                    .build_diagnostics
                    .get(&uri)
                    .cloned()
                    .unwrap_or_default();
                self.client
                    .notify::<notif::PublishDiagnostics>(PublishDiagnosticsParams::new(
                        uri,
                        diagnostics,
                        None,
                    ));
            }
        }
        match finished.result {
            Ok(value) => self.client.respond(Response::new_ok(id, value)),
            Err(_) if cancelled => {
                let message = "the command was cancelled".to_string();
                self.client.respond(Response::new_err(
                    id,
                    ErrorCode::RequestCanceled as i32,
                    message,
                ));
            }
            Err(message) => {
                let first = message.lines().next().unwrap_or("").to_string();
                self.client.show(MessageType::ERROR, first);
                let data = (!finished.failures.is_empty())
                    .then(|| serde_json::json!({ "failures": finished.failures }));
                self.client.respond(Response {
                    id,
                    response_result: Err(lsp_server::ResponseError {
                        code: ErrorCode::RequestFailed as i32,
                        message,
                        data,
                    }),
                });
            }
        }
    }

    /// The diagnostics to publish for `uri`: the analyzer's and the last build's.
    pub(super) fn with_build_diagnostics(
        &self,
        uri: &Uri,
        mut diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        if let Some(extra) = self.build_diagnostics.get(uri) {
            diagnostics.extend(extra.iter().cloned());
        }
        diagnostics
    }
}
