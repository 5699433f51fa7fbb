"""A corpus of phone numbers written the ways people and phone systems write them, with the
E.164 form libphonenumber (Debian's python3-phonenumbers, a test-time oracle) gives each."""
import random
import sys

sys.path.append("/usr/lib/python3/dist-packages")  # Debian's package, outside pyenv's Python
import phonenumbers  # noqa: E402
from phonenumbers import PhoneNumberFormat as F, PhoneNumberType as T  # noqa: E402

REGIONS = ["US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "IT", "ES", "PT", "SE", "NO", "DK",
           "FI", "PL", "AU", "NZ", "JP", "IN", "BR", "MX", "ZA", "SG", "HK"]
TYPES = [T.FIXED_LINE, T.MOBILE, T.TOLL_FREE]
# What is dialled at home before a country code; Brazil's is 00 plus a carrier code (21: Embratel).
IDD = {"US": "011", "CA": "011", "AU": "0011", "JP": "010", "SG": "001", "HK": "001", "BR": "0021"}


def numbers(region, rng, count):
    """Valid numbers of the region: its example numbers with their last digits varied."""
    found = []
    examples = [phonenumbers.example_number_for_type(region, t) for t in TYPES]
    examples = [e for e in examples if e is not None]
    tries = 0
    while len(found) < count and tries < count * 20:
        tries += 1
        base = rng.choice(examples)
        national = str(base.national_number)
        keep = max(3, len(national) - 4)
        candidate = national[:keep] + "".join(rng.choice("0123456789") for _ in range(len(national) - keep))
        try:
            n = phonenumbers.parse("+%d%s" % (base.country_code, candidate), None)
        except phonenumbers.NumberParseException:
            continue
        if base.italian_leading_zero:
            n.italian_leading_zero = True
        if phonenumbers.is_valid_number(n) and phonenumbers.region_code_for_number(n) == region:
            found.append(n)
    return found


def writings(n, region, rng):
    """The ways one number is written: what people type and what phone systems send."""
    e164 = phonenumbers.format_number(n, F.E164)
    intl = phonenumbers.format_number(n, F.INTERNATIONAL)
    national = phonenumbers.format_number(n, F.NATIONAL)
    forms = [e164, intl, national, phonenumbers.format_number(n, F.RFC3966),
             national.replace(" ", "").replace("-", "").replace("(", "").replace(")", ""),
             intl.replace(" ", "-"), intl.replace(" ", "."), "00" + e164[1:] if IDD.get(region, "00") == "00" else IDD[region] + " " + intl[1:],
             "sip:%s@pbx.example;user=phone" % e164]
    ext = str(rng.randint(1, 9999))
    forms += [national + " x" + ext, intl + " ext. " + ext, e164 + ";ext=" + ext]
    return forms


def corpus(seed=7, per_region=60):
    rng = random.Random(seed)
    rows = []
    for region in REGIONS:
        for n in numbers(region, rng, per_region):
            for text in writings(n, region, rng):
                try:
                    parsed = phonenumbers.parse(text.replace("sip:", "").split("@")[0] if text.startswith("sip:") else text, region)
                except phonenumbers.NumberParseException:
                    continue
                rows.append((region, text, phonenumbers.format_number(parsed, F.E164), parsed.extension or ""))
    return rows
