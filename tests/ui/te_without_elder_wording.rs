// `te!` on a sentence that has no 长辈模式 wording (`lookup_title_elder`
// is not in locales/): 长辈模式 would silently show the usual one.
fn main() {
    let _ = gongkai::te!(true, lookup_title);
}
