// `{org}` written as `orgs`: the page would show "{org}·反馈公开".
fn main() {
    let _ = gongkai::t!(replies_title, orgs = "青溪镇");
}
