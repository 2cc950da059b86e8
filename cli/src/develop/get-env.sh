# firn's dev-environment dumper. `firn develop` builds a copy of the shell's derivation with
# this script as its builder: it sets the shell up as a build would (stdenv's setup when
# there is one), then writes the resulting bash environment to each output as JSON, in the
# format of `nix print-dev-env --json`: {"bashFunctions": {name: body}, "variables":
# {name: {"type": "exported"|"var"|"array"|"associative", "value": …}}}.
# Written for firn; the format and the variables left out follow Nix's `get-env.sh`.
set -e
if [ -e .attrs.sh ]; then source .attrs.sh; fi
export IN_NIX_SHELL=impure
export dontAddDisableDepTrack=1
if [[ -n $stdenv ]]; then
    source "$stdenv/setup"
fi

# Snapshot now, before this script's own definitions; `compgen` is missing from the
# non-interactive bash of nixpkgs' stdenv, so names come from `declare` output.
__firn_vars="$(declare -p)"
__firn_funcs="$(declare -F)"

__firn_json() {
    local s=$1 c hex
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/\\n}
    s=${s//$'\r'/\\r}
    s=${s//$'\t'/\\t}
    if [[ $s == *[[:cntrl:]]* ]]; then
        for c in {1..31}; do
            printf -v hex '%02x' "$c"
            printf -v c "\\x$hex"
            s=${s//$c/\\u00$hex}
        done
    fi
    printf '"%s"' "$s"
}

# Variables of bash itself, or that differ between shells: not part of the environment.
__firn_skipped() {
    case $1 in
        BASH_* | _ | DIRSTACK | EUID | FUNCNAME | HISTCMD | HOSTNAME | GROUPS | PIPESTATUS | \
            PWD | RANDOM | SHLVL | SECONDS | __firn_*) return 0 ;;
    esac
    return 1
}

__firn_dump() {
    local __firn_line __firn_name __firn_body __firn_flags __firn_sep='' __firn_sep2 __firn_item
    printf '{"bashFunctions":{'
    while IFS= read -r __firn_line; do
        [[ $__firn_line =~ ^declare\ -f[a-z]*\ (.+)$ ]] || continue
        __firn_name=${BASH_REMATCH[1]}
        [[ $__firn_name == __firn_* ]] && continue
        __firn_body=$(declare -f "$__firn_name")
        __firn_body=${__firn_body#*\{}
        __firn_body=${__firn_body%\}*}
        printf '%s' "$__firn_sep"
        __firn_sep=,
        __firn_json "$__firn_name"
        printf ':'
        __firn_json "$__firn_body"
    done <<<"$__firn_funcs"
    printf '},"variables":{'
    __firn_sep=''
    while IFS= read -r __firn_line; do
        [[ $__firn_line =~ ^declare\ (-[^ ]+)\ ([A-Za-z_][A-Za-z0-9_]*) ]] || continue
        __firn_flags=${BASH_REMATCH[1]}
        __firn_name=${BASH_REMATCH[2]}
        __firn_skipped "$__firn_name" && continue
        # A line inside a multi-line value may look like a declaration: check the name.
        [[ $(declare -p "$__firn_name" 2>/dev/null) == "declare $__firn_flags $__firn_name"* ]] || continue
        case $__firn_flags in
            -x | --)
                printf '%s' "$__firn_sep"
                __firn_json "$__firn_name"
                if [[ $__firn_flags == -x ]]; then printf ':{"type":"exported","value":'; else printf ':{"type":"var","value":'; fi
                __firn_json "${!__firn_name}"
                printf '}'
                ;;
            -a)
                printf '%s' "$__firn_sep"
                __firn_json "$__firn_name"
                printf ':{"type":"array","value":['
                local -n __firn_array=$__firn_name
                __firn_sep2=''
                for __firn_item in "${__firn_array[@]}"; do
                    printf '%s' "$__firn_sep2"
                    __firn_sep2=,
                    __firn_json "$__firn_item"
                done
                unset -n __firn_array
                printf ']}'
                ;;
            -A)
                printf '%s' "$__firn_sep"
                __firn_json "$__firn_name"
                printf ':{"type":"associative","value":{'
                local -n __firn_assoc=$__firn_name
                __firn_sep2=''
                for __firn_item in "${!__firn_assoc[@]}"; do
                    printf '%s' "$__firn_sep2"
                    __firn_sep2=,
                    __firn_json "$__firn_item"
                    printf ':'
                    __firn_json "${__firn_assoc[$__firn_item]}"
                done
                unset -n __firn_assoc
                printf '}}'
                ;;
            *) continue ;;
        esac
        __firn_sep=,
    done <<<"$__firn_vars"
    printf '}}'
}

# Each output gets the dump (with structured attributes, `outputs` maps names to paths).
if [[ $(declare -p outputs 2>/dev/null) == "declare -A"* ]]; then
    for __firn_out in "${outputs[@]}"; do __firn_dump >"$__firn_out"; done
else
    for __firn_out in ${outputs:-out}; do __firn_dump >"${!__firn_out}"; done
fi
