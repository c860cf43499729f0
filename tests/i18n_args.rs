//! `t!` checks its arguments against the sentence's placeholders when the
//! app compiles (`i18n::check_args`, over `build.rs`'s `args`): a misspelt,
//! missing or extra argument is a build error, never a `{name}` on a page.
//! `te!` (长辈模式's wording) wants a key that has one.
//! Each `compile_fail` case's error is in its `.stderr` beside it.

#![cfg(not(target_arch = "wasm32"))]

#[test]
fn t_arguments_are_checked_at_compile_time() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/t_args_as_written.rs");
    cases.compile_fail("tests/ui/t_arg_misspelt.rs");
    cases.compile_fail("tests/ui/t_arg_missing.rs");
    cases.compile_fail("tests/ui/t_arg_extra.rs");
    cases.compile_fail("tests/ui/te_without_elder_wording.rs");
}
