// A sentence with a placeholder, read without its argument.
fn main() {
    let _ = gongkai::t!(replies_title);
}
