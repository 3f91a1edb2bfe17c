# bash completion for ifkit(1).
#
# ifkit's own options are completed here; the command and everything after it come from
# `ifkit [-r] [-c URI] complete -- WORD...`, which answers from the command table and the
# connection the interactive shell completes from (as virsh's completion calls `virsh complete`).
# A word that gets no candidate (a file for iface-define) falls back to file names.

_ifkit_global_options='-c --connect -r --readonly -q --quiet -h --help -v --version'
_ifkit_uris='test:///default ifkit:///system interface:///system'

_ifkit() {
    local cur words cword
    # MAC addresses and URIs hold ':' and '=', which bash splits words at: rejoin them.
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: -c cur -w words -i cword
    else
        _ifkit_join_words
    fi

    # ifkit's options come first; -c and -r are passed on, so that interface names come from
    # the connection the command would use.
    local i=1 command_at=0 uri='' readonly=''
    while ((i < cword)); do
        case ${words[i]} in
            -c | --connect) ((i++)); uri=${words[i]} ;;
            --connect=*) uri=${words[i]#--connect=} ;;
            -r | --readonly) readonly=-r ;;
            -q | --quiet | -rq | -qr) [[ ${words[i]} == *r* ]] && readonly=-r ;;
            --) command_at=$((i + 1)); break ;;
            -*) ;;
            *) command_at=$i; break ;;
        esac
        ((i++))
    done

    COMPREPLY=()
    if ((command_at == 0)); then
        case ${words[cword - 1]} in
            -c | --connect)
                mapfile -t COMPREPLY < <(compgen -W "$_ifkit_uris" -- "$cur")
                _ifkit_trim_colons
                return 0
                ;;
        esac
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$_ifkit_global_options" -- "$cur")
            return 0
        fi
        command_at=$cword
    fi

    local -a args=()
    [[ -n $readonly ]] && args+=(-r)
    [[ -n $uri ]] && args+=(-c "$uri")
    mapfile -t COMPREPLY < <("${1:-ifkit}" "${args[@]}" complete -- \
        "${words[@]:command_at:cword - command_at + 1}" 2>/dev/null)
    _ifkit_trim_colons
    return 0
}

# Without bash-completion's helpers: rebuild the words up to the cursor, gluing back the pieces
# bash split at ':' and '=' (a word that is only ':' or '=' joins its neighbours).
_ifkit_join_words() {
    words=()
    local i piece glue=0
    for ((i = 0; i <= COMP_CWORD; i++)); do
        piece=${COMP_WORDS[i]}
        if [[ $piece == : || $piece == = ]] && ((${#words[@]})); then
            words[-1]+=$piece
            glue=1
        elif ((glue)); then
            words[-1]+=$piece
            glue=0
        else
            words+=("$piece")
        fi
    done
    cword=$((${#words[@]} - 1))
    cur=${words[cword]}
}

# bash replaces only the part of the word after its last ':': give it only that part.
_ifkit_trim_colons() {
    [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]] || return 0
    local prefix=${cur%"${cur##*:}"} i
    for i in "${!COMPREPLY[@]}"; do
        COMPREPLY[i]=${COMPREPLY[i]#"$prefix"}
    done
}

complete -o default -F _ifkit ifkit
