//! The fast YAML reader against the full one.

use super::*;
use std::path::Path;

/// The full reader's tree for `text`, when the fast reader accepts it;
/// the trees are compared through their debug form so that NaN equals
/// itself.
fn same_as_full_reader(text: &str) -> bool {
    let Some(fast) = read(text) else { return false };
    let full = super::super::yaml_read::read(text).unwrap_or_else(|e| {
        panic!("the fast reader accepted what the full one refuses ({e}):\n{text}")
    });
    assert_eq!(format!("{fast:?}"), format!("{full:?}"), "the readers differ on:\n{text}");
    true
}

#[test]
fn what_it_accepts_reads_as_the_full_reader_reads_it() {
    let cases = [
        "A: 1\nB: -1\nC: '-1'\nD: 1.5\nE: ~\nF:\nG: true\nH: yes\nI: 0x10\nJ: 007\n",
        "A: !Ref B\nC: !GetAtt D.E\nK: 1\nK: 2\nT: !Unknown x\nE: !Ref\n",
        "Z: !Select [1, !GetAZs '']\nJ: !Join ['', [a, !Ref B, 'c''d']]\n",
        "M: {Key: Name, Value: !Sub '${AWS::StackName}-x'}\nN: {}\nO: []\n",
        "Code: |\n  def f():\n      return 1\n\nNext: x\n",
        "Code: |-\n  a\n\n  b\n\n\nNext: x\n",
        "Code: |+\n  a\n\n\nNext: x\n",
        "L:\n- a\n- b: c\n  d: e\n-\n- - x\n  - y\n",
        "L:\n  - !If [c, a, b]\n  - !Sub\n    - '${X}'\n    - X: 1\n",
        "S: \"esc \\\"q\\\" \\n \\t \\u00e9 \\x41 \\/\"\nT: 'it''s'\n",
        "# comment\n---\nA: b # trailing\n  # indented comment\nC: d#e\n",
        "1: a\n1.0: b\ntrue: c\n~: d\n'q': e\n\"r\": f\n-x: g\n",
        "Type: a\nTags: b\nTRUE: c\nFalse: d\nNULL: e\nnan: f\nTrueish: g\nfalsey: h\nNo: i\n",
        "A: b: c\n",
        "A: b\n  c\n",
        "A: [a,\n  b]\n",
        "A: &x 1\nB: *x\n",
        "A: >\n  folded\n",
        "A: 'multi\n  line'\n",
        "A: 99999999999999999999\n",
        "A:\n\tB: 1\n",
        "A: 1\n---\nB: 2\n",
        "- a\n- b\n",
        "just a scalar\n",
        "A: [1, -2, -x, :y, a:b, 'c']\n",
        "A: {a: {b: [c, {d: e}]}}\n",
        "A: !!str 1\n",
        "A: |\n  x",
        "A:\n  - B: 1\n    C:\n      - 2\n  - D\n",
        "Fn:\n  Fn::GetAtt: [A, B]\nR:\n  Ref: X\n",
        "A: .inf\nB: -.Inf\nC: .nan\nD: +1\nE: 1e3\nF: 1_000\nG: 0o17\nH: 0b11\n",
        "A: 1E3\nB: 1.5e+3\nC: .NaN\nD: -.INF\nE: +.inf\nF: nan\nG: Infinity\nH: 0xAbC\nI: -0x1f\nJ: 12:30\nK: 1/2\nL: inf\nM: -0o7\nN: +0b1\nO: 1.\nP: .5\nQ: -.5e-3\nR: 0xg\n",
        "A: x # c 'q'\nB: \"x\" # c\n",
        "A: [logs:PutLogEvents, s3:Get*]\nB: {C: sqs:SendMessage}\n",
        "A: é ü 日本\n",
    ];
    let accepted = cases.iter().filter(|c| same_as_full_reader(c)).count();
    assert!(accepted >= 18, "only {accepted} of {} cases were read fast", cases.len());
}

#[test]
fn exported_templates_are_read_fast() {
    let design = crate::synth::design(300);
    let text = super::super::render(&design, super::super::Format::Yaml, &[]);
    assert!(same_as_full_reader(&text), "an exported template needs the full reader");
}

/// Every template of the fixtures, the fuzzer's seeds and (when present)
/// the published corpus: where the fast reader accepts one, its tree is
/// the full reader's.
#[test]
fn templates_on_disk_read_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("tests/fixtures"), root.join("../fuzz/corpus")];
    dirs.push(
        std::env::var_os("VPCRAFT_CORPUS")
            .map_or_else(|| root.join("../../shared/corpus"), Into::into),
    );
    let (mut seen, mut fast) = (0, 0);
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            seen += 1;
            if same_as_full_reader(&text) {
                fast += 1;
            }
        }
    }
    println!("the fast reader read {fast} of {seen} files");
}

#[test]
fn actions_in_flow_lists_are_read_fast() {
    assert!(same_as_full_reader("A: [logs:PutLogEvents, s3:Get*]\nB: {C: sqs:SendMessage}\n"));
    // A colon before an indicator or the end stays for the full reader.
    assert!(read("A: [a:, b]\n").is_none());
}

#[test]
fn characters_it_leaves_to_the_full_reader_are_found_anywhere() {
    // Each refused character at the start, in the middle of a 64-byte
    // chunk and across a chunk boundary.
    for c in [
        '\t', '\r', '\u{7f}', '\u{85}', '\u{9f}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}',
        '\u{ffff}',
    ] {
        for pad in [0, 10, 61, 62, 63, 64] {
            let text = format!("A: {}{c}x\n", "y".repeat(pad));
            assert!(!plain_text(&text), "{c:?} after {pad} bytes is left to the full reader");
        }
    }
    // Other characters, their lead bytes included, are the fast reader's.
    for c in ['é', '\u{a0}', '→', '\u{2027}', '\u{202a}', '·', '\u{fefe}', '\u{fffd}', '😀'] {
        for pad in [0, 61, 62, 63] {
            let text = format!("A: {}{c}x\n", "y".repeat(pad));
            assert!(plain_text(&text), "{c:?} after {pad} bytes is read fast");
            assert!(same_as_full_reader(&text));
        }
    }
}
