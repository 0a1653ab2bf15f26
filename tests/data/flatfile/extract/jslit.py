"""Static reader of JavaScript/TypeScript object literals: no code is run.

tokenize(src) -> tokens; Parser(tokens).value(i) reads one expression made only of literals
(objects, arrays, strings, numbers, true/false/null/undefined, template literals whose ${}
parts are themselves literal, string "+" concatenation, spreads and identifiers that name
other literals). Anything else (calls, functions, conditionals, arithmetic) is Unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PUNCT = sorted("""=>  ...  ?.  ??=  ??  ||=  &&=  ||  &&  ===  !==  ==  !=  <=  >=  **  ++  --  +=  -=  *=  /=
%=  <<  >>>  >>  ->  { } ( ) [ ] ; , < > + - * / % & | ^ ! ~ ? : = . @ #""".split(), key=len, reverse=True)
REGEX_BEFORE = set("( , = : [ ! & | ? { } ; + - * % < > ~ ^ => return typeof case do else in of new delete void throw yield await && || ?? ...".split())


@dataclass
class Tok:
    kind: str  # id, num, str, tpl, punct, regex
    val: object
    pos: int
    parts: list = field(default_factory=list)  # tpl: [str, tokens, str, tokens, ..., str]


class TokError(Exception):
    pass


ESC = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= len(s):
            break
        c = s[i]
        if c in ESC and not (c == "0" and i + 1 < len(s) and s[i + 1].isdigit()):
            out.append(ESC[c])
            i += 1
        elif c == "x":
            out.append(chr(int(s[i + 1:i + 3], 16)))
            i += 3
        elif c == "u":
            if s[i + 1] == "{":
                j = s.index("}", i)
                out.append(chr(int(s[i + 2:j], 16)))
                i = j + 1
            else:
                out.append(chr(int(s[i + 1:i + 5], 16)))
                i += 5
        elif c == "\r":
            i += 2 if s[i + 1:i + 2] == "\n" else 1
        elif c in "\n\u2028\u2029":
            i += 1
        else:
            out.append(c)
            i += 1
    # join surrogate pairs written as two \u escapes
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16")


def tokenize(src: str, start: int = 0, stop_at_brace: bool = False, lenient: bool = False):
    """Tokens of src from start; with stop_at_brace, stop at the unmatched '}' (inside ${})."""
    toks: list[Tok] = []
    i, n, depth = start, len(src), 0
    while i < n:
        c = src[i]
        if c in " \t\r\n\ufeff\u00a0\u2028\u2029":
            i += 1
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            if j < 0:
                raise TokError("unclosed comment")
            i = j + 2
            continue
        if c in "'\"":
            j = i + 1
            while j < n and src[j] != c:
                if src[j] == "\\":
                    j += 1
                elif src[j] == "\n":
                    break
                j += 1
            if j >= n or src[j] != c:
                if not lenient:
                    raise TokError(f"unclosed string at {i}")
                toks.append(Tok("punct", c, i))  # JSX text such as "don't"
                i += 1
                continue
            toks.append(Tok("str", unescape(src[i + 1:j]), i))
            i = j + 1
            continue
        if c == "`":
            parts, j, buf_start = [], i + 1, i + 1
            while True:
                if j >= n:
                    raise TokError("unclosed template")
                if src[j] == "\\":
                    j += 2
                    continue
                if src[j] == "`":
                    parts.append(unescape(src[buf_start:j].replace("\r\n", "\n")))
                    j += 1
                    break
                if src.startswith("${", j):
                    parts.append(unescape(src[buf_start:j].replace("\r\n", "\n")))
                    inner, j = tokenize(src, j + 2, stop_at_brace=True, lenient=lenient)
                    parts.append(inner)
                    j += 1  # the closing }
                    buf_start = j
                    continue
                j += 1
            t = Tok("tpl", None, i, parts)
            toks.append(t)
            i = j
            continue
        if c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            m = re.compile(r"0[xX][0-9a-fA-F_]+n?|0[bB][01_]+n?|0[oO][0-7_]+n?|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?n?").match(src, i)
            txt = m.group(0)
            toks.append(Tok("num", txt, i))
            i = m.end()
            continue
        if c.isalpha() or c in "_$" or ord(c) > 127:
            m = re.compile(r"[\w$\u0080-\U0010ffff]+").match(src, i)
            if m is None:
                toks.append(Tok("punct", c, i))
                i += 1
                continue
            toks.append(Tok("id", m.group(0), i))
            i = m.end()
            continue
        if c == "/":
            prev = toks[-1] if toks else None
            if prev is None or (prev.kind == "punct" and prev.val in REGEX_BEFORE and prev.val not in (")", "]", "}")) or (
                    prev.kind == "id" and prev.val in REGEX_BEFORE):
                j, in_class = i + 1, False
                while j < n:
                    ch = src[j]
                    if ch == "\\":
                        j += 2
                        continue
                    if ch == "[":
                        in_class = True
                    elif ch == "]":
                        in_class = False
                    elif ch == "/" and not in_class:
                        break
                    elif ch == "\n":
                        break
                    j += 1
                if j >= n or src[j] != "/":
                    if not lenient:
                        raise TokError(f"unclosed regex at {i}")
                    toks.append(Tok("punct", "/", i))  # JSX closing tags
                    i += 1
                    continue
                j += 1
                m = re.compile(r"[a-z]*").match(src, j)
                toks.append(Tok("regex", src[i:m.end()], i))
                i = m.end()
                continue
        for p in PUNCT:
            if src.startswith(p, i):
                if stop_at_brace:
                    if p == "{":
                        depth += 1
                    elif p == "}":
                        if depth == 0:
                            return toks, i
                        depth -= 1
                toks.append(Tok("punct", p, i))
                i += len(p)
                break
        else:
            toks.append(Tok("punct", c, i))  # anything else (JSX text, odd characters)
            i += 1
    if stop_at_brace:
        raise TokError("unclosed ${")
    return toks if not stop_at_brace else (toks, i)


class Unresolved(Exception):
    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class UNDEF:
    def __repr__(self):
        return "undefined"


UNDEFINED = UNDEF()


@dataclass
class Ref:
    """An identifier (optionally with .member path) standing for another literal."""
    name: str
    path: tuple = ()


@dataclass
class Spread:
    value: object


STATEMENT_START = {"export", "const", "let", "var", "function", "import", "class", "type", "interface", "enum",
                   "async", "if", "for", "while", "return", "module", "declare", "try", "switch", "throw", "listener", "console"}
OPEN = {"{": "}", "[": "]", "(": ")"}


def number(txt: str):
    txt = txt.replace("_", "").rstrip("n")
    if txt[:2].lower() == "0x":
        return int(txt, 16)
    if txt[:2].lower() == "0b":
        return int(txt, 2)
    if txt[:2].lower() == "0o":
        return int(txt, 8)
    if re.fullmatch(r"\d+", txt):
        return int(txt)
    v = float(txt)
    return int(v) if v.is_integer() and "e" not in txt.lower() and "." not in txt else v


class Parser:
    """Reads literal expressions; values keep Ref/Spread for a later resolve step."""

    def __init__(self, toks: list[Tok]):
        self.t = toks

    def at(self, i, val=None, kind=None):
        if i >= len(self.t):
            return False
        tok = self.t[i]
        return (val is None or tok.val == val) and (kind is None or tok.kind == kind)

    def skip_group(self, i: int) -> int:
        """i at an opening bracket: index after its match."""
        depth = 0
        while i < len(self.t):
            tok = self.t[i]
            if tok.kind == "punct" and tok.val in OPEN:
                depth += 1
            elif tok.kind == "punct" and tok.val in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise Unresolved("unbalanced brackets")

    def skip_expr(self, i: int) -> int:
        """Index of the ',' or closing bracket that ends the expression starting at i."""
        while i < len(self.t):
            tok = self.t[i]
            if tok.kind == "punct" and tok.val in OPEN:
                i = self.skip_group(i)
                continue
            if tok.kind == "punct" and tok.val in (",", ")", "]", "}", ";"):
                return i
            i += 1
        return i

    def skip_type(self, i: int) -> int:
        """After 'as'/'satisfies'/':' a type runs to a ',', ';', '=', or a closing bracket."""
        depth_angle = 0
        while i < len(self.t):
            tok = self.t[i]
            if tok.kind == "punct":
                if tok.val in ("{", "(", "["):
                    i = self.skip_group(i)
                    continue
                if tok.val == "<":
                    depth_angle += 1
                elif tok.val == ">" and depth_angle:
                    depth_angle -= 1
                elif tok.val == "=>" :
                    pass
                elif depth_angle == 0 and tok.val in (",", ";", "=", ")", "]", "}"):
                    return i
            i += 1
        return i

    def value(self, i: int):
        """(value, next index). Raises Unresolved, with the expression skipped recorded in .end."""
        v, j = self.primary(i)
        while True:
            if self.at(j, "!", "punct") and not self.at(j + 1, "="):
                j += 1
                continue
            if self.at(j, "as", "id") or self.at(j, "satisfies", "id"):
                j = self.skip_type(j + 1)
                continue
            if self.at(j, "+", "punct"):
                w, j = self.primary(j + 1)
                v = ("+", v, w)
                continue
            break
        if j < len(self.t) and self.t[j].kind == "id" and self.t[j].val in STATEMENT_START:
            return v, j  # automatic semicolon insertion: a new statement begins
        if j < len(self.t) and not (self.t[j].kind == "punct" and self.t[j].val in (",", ")", "]", "}", ";", ":")):
            raise Unresolved(f"expression with {self.t[j].val!r}")
        return v, j

    def primary(self, i: int):
        if i >= len(self.t):
            raise Unresolved("end of file")
        tok = self.t[i]
        if tok.kind == "str":
            return tok.val, i + 1
        if tok.kind == "num":
            return number(tok.val), i + 1
        if tok.kind == "tpl":
            parts = []
            for k, p in enumerate(tok.parts):
                if k % 2 == 0:
                    parts.append(p)
                else:
                    sub = Parser(p)
                    v, j = sub.value(0)
                    if j != len(p):
                        raise Unresolved("template part")
                    parts.append(v)
            return ("tpl", parts), i + 1
        if tok.kind == "punct":
            if tok.val == "{":
                return self.obj(i)
            if tok.val == "[":
                return self.arr(i)
            if tok.val == "(":
                v, j = self.value(i + 1)
                if not self.at(j, ")"):
                    raise Unresolved("parenthesised expression")
                if self.at(j + 1, "=>"):
                    raise Unresolved("arrow function")
                return v, j + 1
            if tok.val == "-" and i + 1 < len(self.t) and self.t[i + 1].kind == "num":
                return -number(self.t[i + 1].val), i + 2
            if tok.val == "<":  # <Type>expr cast
                raise Unresolved("type cast or JSX")
            raise Unresolved(f"operator {tok.val!r}")
        if tok.kind == "regex":
            raise Unresolved("regular expression")
        if tok.kind == "id":
            name = tok.val
            if name in ("true", "false"):
                return name == "true", i + 1
            if name == "null":
                return None, i + 1
            if name == "undefined":
                return UNDEFINED, i + 1
            if name in ("new", "function", "async", "await", "typeof", "class", "this", "void", "yield"):
                raise Unresolved(f"{name} expression")
            path, j = [], i + 1
            while True:
                if self.at(j, ".") and self.at(j + 1, kind="id"):
                    path.append(self.t[j + 1].val)
                    j += 2
                elif self.at(j, "?.") and self.at(j + 1, kind="id"):
                    path.append(self.t[j + 1].val)
                    j += 2
                elif self.at(j, "[") and self.at(j + 1, kind="str") and self.at(j + 2, "]"):
                    path.append(self.t[j + 1].val)
                    j += 3
                elif self.at(j, "[") and self.at(j + 1, kind="num") and self.at(j + 2, "]"):
                    path.append(number(self.t[j + 1].val))
                    j += 3
                else:
                    break
            if self.at(j, "(") or self.at(j, "`", "tpl"):
                raise Unresolved(f"call to {'.'.join([name] + [str(p) for p in path])}()")
            if self.at(j, "=>"):
                raise Unresolved("arrow function")
            return Ref(name, tuple(path)), j
        raise Unresolved(f"token {tok.val!r}")

    def key(self, i: int):
        tok = self.t[i]
        if tok.kind in ("id", "str"):
            return tok.val, i + 1
        if tok.kind == "num":
            v = number(tok.val)
            return str(v), i + 1
        if tok.kind == "punct" and tok.val == "[":
            k, j = self.value(i + 1)
            if not self.at(j, "]"):
                raise Unresolved("computed key")
            return ("computed", k), j + 1
        raise Unresolved(f"key {tok.val!r}")

    def obj(self, i: int):
        assert self.t[i].val == "{"
        items, j = [], i + 1
        while True:
            if self.at(j, "}"):
                return ("obj", items), j + 1
            if self.at(j, "..."):
                v, j = self.value(j + 1)
                items.append(Spread(v))
            else:
                if self.at(j, kind="id") and self.t[j].val in ("get", "set", "async") and not self.at(j + 1, ":") \
                        and not self.at(j + 1, ",") and not self.at(j + 1, "}") and not self.at(j + 1, "("):
                    raise Unresolved("accessor or async method")
                k, j = self.key(j)
                if self.at(j, ":"):
                    v, j = self.value(j + 1)
                    items.append((k, v))
                elif self.at(j, ",") or self.at(j, "}"):
                    if not isinstance(k, str):
                        raise Unresolved("shorthand")
                    items.append((k, Ref(k)))
                elif self.at(j, "(") or self.at(j, "<"):
                    raise Unresolved(f"method {k}()")
                elif self.at(j, "?") or self.at(j, "="):
                    raise Unresolved("not an object literal (pattern or type)")
                else:
                    raise Unresolved(f"after key {k!r}: {self.t[j].val!r}")
            if self.at(j, ","):
                j += 1
            elif not self.at(j, "}"):
                raise Unresolved(f"in object: {self.t[j].val!r}" if j < len(self.t) else "end of file")

    def arr(self, i: int):
        items, j = [], i + 1
        while True:
            if self.at(j, "]"):
                return ("arr", items), j + 1
            if self.at(j, ","):
                items.append(UNDEFINED)  # hole
                j += 1
                continue
            if self.at(j, "..."):
                v, j = self.value(j + 1)
                items.append(Spread(v))
            else:
                v, j = self.value(j)
                items.append(v)
            if self.at(j, ","):
                j += 1
            elif not self.at(j, "]"):
                raise Unresolved(f"in array: {self.t[j].val!r}" if j < len(self.t) else "end of file")


# ---------------------------------------------------------------- resolving
@dataclass
class Hole:
    """A part that could not be read statically."""
    why: str


def js_str(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if v is UNDEFINED:
        return "undefined"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def first_hole(v, path="$"):
    if isinstance(v, Hole):
        return path, v.why
    if isinstance(v, dict):
        for k, x in v.items():
            h = first_hole(x, f"{path}.{k}")
            if h:
                return h
    if isinstance(v, list):
        for n, x in enumerate(v):
            h = first_hole(x, f"{path}[{n}]")
            if h:
                return h
    return None
