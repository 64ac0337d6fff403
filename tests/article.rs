use sourcelight::article::find_article;
use sourcelight::html::parse_html_bytes;

#[test]
fn zz_dump() {
    let Ok(dir) = std::env::var("DUMP") else { return };
    let mut pages: Vec<_> = std::fs::read_dir("tests/fixtures/pages").unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    pages.push("tests/fixtures/seed-article".into());
    pages.sort();
    for p in pages {
        let bytes = std::fs::read(p.join("source.html")).unwrap();
        let t = std::time::Instant::now();
        let snap = parse_html_bytes(&bytes);
        let t1 = t.elapsed();
        let a = find_article(&snap);
        let t2 = t.elapsed();
        let mut out = format!("parse {:?} find {:?} nodes {}\n", t1, t2 - t1, snap.len());
        for b in &a.blocks {
            let text: String = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
            out += &format!("{:?}: {}\n", b.kind, text.chars().take(200).collect::<String>());
        }
        std::fs::write(format!("{dir}/{}.txt", p.file_name().unwrap().to_string_lossy()), out).unwrap();
    }
}
