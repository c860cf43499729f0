// An argument the sentence has no place for.
fn main() {
    let _ = gongkai::t!(replies_title, org = "青溪镇", n = 3);
}
