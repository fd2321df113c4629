//! Device communication languages (spec §2.3): the lowercase ISO 639-1 codes the reference accepts
//! (the spec says 184, but its list, copied here, has 183).

const CODES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de \
dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is \
it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na \
nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr \
ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

pub const DEFAULT: &str = "en";

pub fn is_supported(code: &str) -> bool {
    code.len() == 2 && CODES.split(' ').any(|known| known == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_the_codes_of_the_reference() {
        assert_eq!(super::CODES.split(' ').count(), 183);
        assert!(super::is_supported("de"));
        assert!(!super::is_supported("DE"));
        assert!(!super::is_supported("xx"));
    }
}
