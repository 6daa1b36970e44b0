/// Unicode default full case folding (`CaseFolding.txt`, statuses C and F), the comparison
/// `str.casefold()` makes in Python and `foldCase` in ICU: `"Straße"` and `"STRASSE"`, `"ΣΟΦΟΣ"`
/// and `"σοφος"`, `"ﬁle"` and `"FILE"` fold to the same text.
///
/// For most scalars the folding is the full lowercase mapping, which the standard library has
/// (`Unicode.Scalar.Properties.lowercaseMapping`); `exceptions` holds every scalar whose folding
/// differs from its lowercase mapping (ß → ss, ς → σ, ſ → s, µ → μ, the ligatures, the Greek
/// iota-subscript forms, Cherokee, which folds to its capital letters...). It was generated with
///
///     [(hex(c), chr(c).casefold()) for c in range(0x110000) if chr(c).casefold() != chr(c).lower()]
///
/// (Python 3.11, Unicode 14.0); scalars assigned later fold by their lowercase mapping.
enum CaseFolding {
    /// The case-folded text (compare two folded texts with `==`, which also treats canonically
    /// equivalent forms, such as a precomposed and a decomposed `é`, as equal).
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var folded = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let mapped = exceptions[scalar.value] {
                folded.append(contentsOf: mapped.unicodeScalars)
            } else if scalar.properties.changesWhenLowercased {
                folded.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                folded.append(scalar)
            }
        }
        return String(folded)
    }

    /// The 297 scalars whose full case folding is not their full lowercase mapping.
    static let exceptions: [UInt32: String] = [
        0xB5: "\u{3BC}", 0xDF: "\u{73}\u{73}", 0x149: "\u{2BC}\u{6E}", 0x17F: "\u{73}",
        0x1F0: "\u{6A}\u{30C}", 0x345: "\u{3B9}", 0x390: "\u{3B9}\u{308}\u{301}", 0x3B0: "\u{3C5}\u{308}\u{301}",
        0x3C2: "\u{3C3}", 0x3D0: "\u{3B2}", 0x3D1: "\u{3B8}", 0x3D5: "\u{3C6}",
        0x3D6: "\u{3C0}", 0x3F0: "\u{3BA}", 0x3F1: "\u{3C1}", 0x3F5: "\u{3B5}",
        0x587: "\u{565}\u{582}", 0x13A0: "\u{13A0}", 0x13A1: "\u{13A1}", 0x13A2: "\u{13A2}",
        0x13A3: "\u{13A3}", 0x13A4: "\u{13A4}", 0x13A5: "\u{13A5}", 0x13A6: "\u{13A6}",
        0x13A7: "\u{13A7}", 0x13A8: "\u{13A8}", 0x13A9: "\u{13A9}", 0x13AA: "\u{13AA}",
        0x13AB: "\u{13AB}", 0x13AC: "\u{13AC}", 0x13AD: "\u{13AD}", 0x13AE: "\u{13AE}",
        0x13AF: "\u{13AF}", 0x13B0: "\u{13B0}", 0x13B1: "\u{13B1}", 0x13B2: "\u{13B2}",
        0x13B3: "\u{13B3}", 0x13B4: "\u{13B4}", 0x13B5: "\u{13B5}", 0x13B6: "\u{13B6}",
        0x13B7: "\u{13B7}", 0x13B8: "\u{13B8}", 0x13B9: "\u{13B9}", 0x13BA: "\u{13BA}",
        0x13BB: "\u{13BB}", 0x13BC: "\u{13BC}", 0x13BD: "\u{13BD}", 0x13BE: "\u{13BE}",
        0x13BF: "\u{13BF}", 0x13C0: "\u{13C0}", 0x13C1: "\u{13C1}", 0x13C2: "\u{13C2}",
        0x13C3: "\u{13C3}", 0x13C4: "\u{13C4}", 0x13C5: "\u{13C5}", 0x13C6: "\u{13C6}",
        0x13C7: "\u{13C7}", 0x13C8: "\u{13C8}", 0x13C9: "\u{13C9}", 0x13CA: "\u{13CA}",
        0x13CB: "\u{13CB}", 0x13CC: "\u{13CC}", 0x13CD: "\u{13CD}", 0x13CE: "\u{13CE}",
        0x13CF: "\u{13CF}", 0x13D0: "\u{13D0}", 0x13D1: "\u{13D1}", 0x13D2: "\u{13D2}",
        0x13D3: "\u{13D3}", 0x13D4: "\u{13D4}", 0x13D5: "\u{13D5}", 0x13D6: "\u{13D6}",
        0x13D7: "\u{13D7}", 0x13D8: "\u{13D8}", 0x13D9: "\u{13D9}", 0x13DA: "\u{13DA}",
        0x13DB: "\u{13DB}", 0x13DC: "\u{13DC}", 0x13DD: "\u{13DD}", 0x13DE: "\u{13DE}",
        0x13DF: "\u{13DF}", 0x13E0: "\u{13E0}", 0x13E1: "\u{13E1}", 0x13E2: "\u{13E2}",
        0x13E3: "\u{13E3}", 0x13E4: "\u{13E4}", 0x13E5: "\u{13E5}", 0x13E6: "\u{13E6}",
        0x13E7: "\u{13E7}", 0x13E8: "\u{13E8}", 0x13E9: "\u{13E9}", 0x13EA: "\u{13EA}",
        0x13EB: "\u{13EB}", 0x13EC: "\u{13EC}", 0x13ED: "\u{13ED}", 0x13EE: "\u{13EE}",
        0x13EF: "\u{13EF}", 0x13F0: "\u{13F0}", 0x13F1: "\u{13F1}", 0x13F2: "\u{13F2}",
        0x13F3: "\u{13F3}", 0x13F4: "\u{13F4}", 0x13F5: "\u{13F5}", 0x13F8: "\u{13F0}",
        0x13F9: "\u{13F1}", 0x13FA: "\u{13F2}", 0x13FB: "\u{13F3}", 0x13FC: "\u{13F4}",
        0x13FD: "\u{13F5}", 0x1C80: "\u{432}", 0x1C81: "\u{434}", 0x1C82: "\u{43E}",
        0x1C83: "\u{441}", 0x1C84: "\u{442}", 0x1C85: "\u{442}", 0x1C86: "\u{44A}",
        0x1C87: "\u{463}", 0x1C88: "\u{A64B}", 0x1E96: "\u{68}\u{331}", 0x1E97: "\u{74}\u{308}",
        0x1E98: "\u{77}\u{30A}", 0x1E99: "\u{79}\u{30A}", 0x1E9A: "\u{61}\u{2BE}", 0x1E9B: "\u{1E61}",
        0x1E9E: "\u{73}\u{73}", 0x1F50: "\u{3C5}\u{313}", 0x1F52: "\u{3C5}\u{313}\u{300}", 0x1F54: "\u{3C5}\u{313}\u{301}",
        0x1F56: "\u{3C5}\u{313}\u{342}", 0x1F80: "\u{1F00}\u{3B9}", 0x1F81: "\u{1F01}\u{3B9}", 0x1F82: "\u{1F02}\u{3B9}",
        0x1F83: "\u{1F03}\u{3B9}", 0x1F84: "\u{1F04}\u{3B9}", 0x1F85: "\u{1F05}\u{3B9}", 0x1F86: "\u{1F06}\u{3B9}",
        0x1F87: "\u{1F07}\u{3B9}", 0x1F88: "\u{1F00}\u{3B9}", 0x1F89: "\u{1F01}\u{3B9}", 0x1F8A: "\u{1F02}\u{3B9}",
        0x1F8B: "\u{1F03}\u{3B9}", 0x1F8C: "\u{1F04}\u{3B9}", 0x1F8D: "\u{1F05}\u{3B9}", 0x1F8E: "\u{1F06}\u{3B9}",
        0x1F8F: "\u{1F07}\u{3B9}", 0x1F90: "\u{1F20}\u{3B9}", 0x1F91: "\u{1F21}\u{3B9}", 0x1F92: "\u{1F22}\u{3B9}",
        0x1F93: "\u{1F23}\u{3B9}", 0x1F94: "\u{1F24}\u{3B9}", 0x1F95: "\u{1F25}\u{3B9}", 0x1F96: "\u{1F26}\u{3B9}",
        0x1F97: "\u{1F27}\u{3B9}", 0x1F98: "\u{1F20}\u{3B9}", 0x1F99: "\u{1F21}\u{3B9}", 0x1F9A: "\u{1F22}\u{3B9}",
        0x1F9B: "\u{1F23}\u{3B9}", 0x1F9C: "\u{1F24}\u{3B9}", 0x1F9D: "\u{1F25}\u{3B9}", 0x1F9E: "\u{1F26}\u{3B9}",
        0x1F9F: "\u{1F27}\u{3B9}", 0x1FA0: "\u{1F60}\u{3B9}", 0x1FA1: "\u{1F61}\u{3B9}", 0x1FA2: "\u{1F62}\u{3B9}",
        0x1FA3: "\u{1F63}\u{3B9}", 0x1FA4: "\u{1F64}\u{3B9}", 0x1FA5: "\u{1F65}\u{3B9}", 0x1FA6: "\u{1F66}\u{3B9}",
        0x1FA7: "\u{1F67}\u{3B9}", 0x1FA8: "\u{1F60}\u{3B9}", 0x1FA9: "\u{1F61}\u{3B9}", 0x1FAA: "\u{1F62}\u{3B9}",
        0x1FAB: "\u{1F63}\u{3B9}", 0x1FAC: "\u{1F64}\u{3B9}", 0x1FAD: "\u{1F65}\u{3B9}", 0x1FAE: "\u{1F66}\u{3B9}",
        0x1FAF: "\u{1F67}\u{3B9}", 0x1FB2: "\u{1F70}\u{3B9}", 0x1FB3: "\u{3B1}\u{3B9}", 0x1FB4: "\u{3AC}\u{3B9}",
        0x1FB6: "\u{3B1}\u{342}", 0x1FB7: "\u{3B1}\u{342}\u{3B9}", 0x1FBC: "\u{3B1}\u{3B9}", 0x1FBE: "\u{3B9}",
        0x1FC2: "\u{1F74}\u{3B9}", 0x1FC3: "\u{3B7}\u{3B9}", 0x1FC4: "\u{3AE}\u{3B9}", 0x1FC6: "\u{3B7}\u{342}",
        0x1FC7: "\u{3B7}\u{342}\u{3B9}", 0x1FCC: "\u{3B7}\u{3B9}", 0x1FD2: "\u{3B9}\u{308}\u{300}", 0x1FD3: "\u{3B9}\u{308}\u{301}",
        0x1FD6: "\u{3B9}\u{342}", 0x1FD7: "\u{3B9}\u{308}\u{342}", 0x1FE2: "\u{3C5}\u{308}\u{300}", 0x1FE3: "\u{3C5}\u{308}\u{301}",
        0x1FE4: "\u{3C1}\u{313}", 0x1FE6: "\u{3C5}\u{342}", 0x1FE7: "\u{3C5}\u{308}\u{342}", 0x1FF2: "\u{1F7C}\u{3B9}",
        0x1FF3: "\u{3C9}\u{3B9}", 0x1FF4: "\u{3CE}\u{3B9}", 0x1FF6: "\u{3C9}\u{342}", 0x1FF7: "\u{3C9}\u{342}\u{3B9}",
        0x1FFC: "\u{3C9}\u{3B9}", 0xAB70: "\u{13A0}", 0xAB71: "\u{13A1}", 0xAB72: "\u{13A2}",
        0xAB73: "\u{13A3}", 0xAB74: "\u{13A4}", 0xAB75: "\u{13A5}", 0xAB76: "\u{13A6}",
        0xAB77: "\u{13A7}", 0xAB78: "\u{13A8}", 0xAB79: "\u{13A9}", 0xAB7A: "\u{13AA}",
        0xAB7B: "\u{13AB}", 0xAB7C: "\u{13AC}", 0xAB7D: "\u{13AD}", 0xAB7E: "\u{13AE}",
        0xAB7F: "\u{13AF}", 0xAB80: "\u{13B0}", 0xAB81: "\u{13B1}", 0xAB82: "\u{13B2}",
        0xAB83: "\u{13B3}", 0xAB84: "\u{13B4}", 0xAB85: "\u{13B5}", 0xAB86: "\u{13B6}",
        0xAB87: "\u{13B7}", 0xAB88: "\u{13B8}", 0xAB89: "\u{13B9}", 0xAB8A: "\u{13BA}",
        0xAB8B: "\u{13BB}", 0xAB8C: "\u{13BC}", 0xAB8D: "\u{13BD}", 0xAB8E: "\u{13BE}",
        0xAB8F: "\u{13BF}", 0xAB90: "\u{13C0}", 0xAB91: "\u{13C1}", 0xAB92: "\u{13C2}",
        0xAB93: "\u{13C3}", 0xAB94: "\u{13C4}", 0xAB95: "\u{13C5}", 0xAB96: "\u{13C6}",
        0xAB97: "\u{13C7}", 0xAB98: "\u{13C8}", 0xAB99: "\u{13C9}", 0xAB9A: "\u{13CA}",
        0xAB9B: "\u{13CB}", 0xAB9C: "\u{13CC}", 0xAB9D: "\u{13CD}", 0xAB9E: "\u{13CE}",
        0xAB9F: "\u{13CF}", 0xABA0: "\u{13D0}", 0xABA1: "\u{13D1}", 0xABA2: "\u{13D2}",
        0xABA3: "\u{13D3}", 0xABA4: "\u{13D4}", 0xABA5: "\u{13D5}", 0xABA6: "\u{13D6}",
        0xABA7: "\u{13D7}", 0xABA8: "\u{13D8}", 0xABA9: "\u{13D9}", 0xABAA: "\u{13DA}",
        0xABAB: "\u{13DB}", 0xABAC: "\u{13DC}", 0xABAD: "\u{13DD}", 0xABAE: "\u{13DE}",
        0xABAF: "\u{13DF}", 0xABB0: "\u{13E0}", 0xABB1: "\u{13E1}", 0xABB2: "\u{13E2}",
        0xABB3: "\u{13E3}", 0xABB4: "\u{13E4}", 0xABB5: "\u{13E5}", 0xABB6: "\u{13E6}",
        0xABB7: "\u{13E7}", 0xABB8: "\u{13E8}", 0xABB9: "\u{13E9}", 0xABBA: "\u{13EA}",
        0xABBB: "\u{13EB}", 0xABBC: "\u{13EC}", 0xABBD: "\u{13ED}", 0xABBE: "\u{13EE}",
        0xABBF: "\u{13EF}", 0xFB00: "\u{66}\u{66}", 0xFB01: "\u{66}\u{69}", 0xFB02: "\u{66}\u{6C}",
        0xFB03: "\u{66}\u{66}\u{69}", 0xFB04: "\u{66}\u{66}\u{6C}", 0xFB05: "\u{73}\u{74}", 0xFB06: "\u{73}\u{74}",
        0xFB13: "\u{574}\u{576}", 0xFB14: "\u{574}\u{565}", 0xFB15: "\u{574}\u{56B}", 0xFB16: "\u{57E}\u{576}",
        0xFB17: "\u{574}\u{56D}",
    ]
}
