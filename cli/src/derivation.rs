//! `firn derivation show`: the `.drv` of a derivation the evaluator computes, as JSON in the
//! layout of `nix show-derivation`. Nothing is written to a store: the evaluator keeps every
//! derivation it instantiates.

use super::eval::{EvalInput, FinalCall, exit_leaving_values, report};
use eval::{ErrorKind, EvalError, Machine, Pos, Value};
use std::collections::BTreeMap;
use store::{Derivation, StorePath};

#[derive(clap::Args)]
pub struct DerivationArgs {
    #[command(subcommand)]
    command: DerivationCommand,
}

#[derive(clap::Subcommand)]
enum DerivationCommand {
    /// Print the derivation FILE (or its attribute `--attr`) evaluates to, as JSON.
    Show(ShowArgs),
}

#[derive(clap::Args)]
struct ShowArgs {
    #[command(flatten)]
    input: EvalInput,
    /// Also print the derivations it depends on, recursively.
    #[arg(short, long)]
    recursive: bool,
}

pub fn run(args: DerivationArgs) -> std::process::ExitCode {
    let DerivationCommand::Show(args) = args.command;
    let mut machine = args.input.machine();
    let result = args
        .input
        .evaluate(&mut machine, FinalCall::Always)
        .and_then(|v| show(&mut machine, &v, args.recursive));
    let code = match &result {
        Ok(json) => {
            println!("{json}");
            0
        }
        Err(e) => {
            report(&machine, e);
            1
        }
    };
    exit_leaving_values(code, result, machine)
}

fn show(m: &mut Machine, value: &Value, recursive: bool) -> Result<String, Box<EvalError>> {
    let fail = |message: String| EvalError::new(ErrorKind::Eval, message, Pos::NONE);
    let is_derivation = match value {
        Value::Attrs(a) => m.is_derivation(a)?,
        _ => false,
    };
    if !is_derivation {
        return Err(fail(format!(
            "expected a derivation, but the expression evaluates to {}",
            value.type_desc()
        )));
    }
    let drv_path = m.select_path_component(value, "drvPath")?;
    let drv_path = m.force_plain_str(&drv_path, Pos::NONE)?;
    let root = m.parse_store_path(&drv_path, Pos::NONE)?;
    let store_dir = m.store_dir(Pos::NONE)?;
    let known = &m.derivation_cache.derivations;
    let mut chosen: BTreeMap<&StorePath, &Derivation> = BTreeMap::new();
    let mut todo = vec![&root];
    while let Some(path) = todo.pop() {
        let drv = known.get(path).ok_or_else(|| {
            fail(format!(
                "derivation '{}' is not known to this evaluation",
                store_dir.print(path)
            ))
        })?;
        if chosen.insert(path, drv).is_none() && recursive {
            todo.extend(drv.input_drvs.keys());
        }
    }
    let drvs: Vec<(&StorePath, &Derivation)> = chosen.into_iter().collect();
    Ok(store::json::show_derivations(&drvs, &store_dir))
}
