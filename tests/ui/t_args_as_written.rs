// The sentence's one placeholder, by its name: compiles.
fn main() {
    let title: String = gongkai::t!(replies_title, org = "青溪镇");
    let plain: &'static str = gongkai::t!(error_network);
    assert!(!title.is_empty() && !plain.is_empty());
}
