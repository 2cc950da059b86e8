//! Values nested far deeper than the native stack could drop recursively are freed without
//! a stack overflow: lists, sets, and chains of closures and their frames.

use eval::{DiskFileSystem, EvalOptions, Machine, Origin};
use std::path::Path;
use std::rc::Rc;

fn evaluate_and_drop(expr: &str) {
    let mut m = Machine::new(EvalOptions::default(), Rc::new(DiskFileSystem));
    let v = m
        .eval_source(Origin::Text("«test»"), expr, Path::new("/"))
        .expect("evaluates");
    drop(v);
    drop(m);
}

#[test]
fn deep_closure_chains_drop() {
    evaluate_and_drop(
        "let g = builtins.foldl' (acc: x: (y: acc x)) (y: 0) (builtins.genList (x: x) 300000); in g",
    );
}

#[test]
fn deep_lists_and_sets_drop() {
    evaluate_and_drop(
        "builtins.foldl' (tail: head: { inherit head tail; }) null (builtins.genList (x: x) 300000)",
    );
    evaluate_and_drop("builtins.foldl' (acc: x: [ acc ]) [ ] (builtins.genList (x: x) 300000)");
}
