use sourcelight::analysis::people::find_people;
#[test]
fn dump() {
    let b = std::fs::read(std::env::var("EQ3").unwrap()).unwrap();
    let page = sourcelight::html::parse_html_bytes(&b);
    let blocks = sourcelight::article::find_article(&page).blocks;
    let p = find_people(&blocks);
    for (i, e) in p.entities.iter().enumerate() { println!("{i} {:?} named={} title={:?}", e.name, e.named, e.title); }
}
