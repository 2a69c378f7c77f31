# Files of a public repository at a pinned commit, checked by MD5 (sourced by the fetch-*-traces scripts).
# The source is a `fetch` mirror of the repository (a bare git directory) when it has the file, else
# raw.githubusercontent.com (network needed).

# pinned_get REPO COMMIT MIRROR PATH DEST
pinned_get() {
  if git --git-dir="$3" cat-file -e "$2:$4" 2>/dev/null; then
    git --git-dir="$3" show "$2:$4" > "$5"
  else
    curl -fsSL --retry 3 -o "$5" "https://raw.githubusercontent.com/$1/$2/$4"
  fi
}

# md5_is FILE SUM: whether FILE exists with that MD5
md5_is() {
  [[ -f "$1" ]] && [[ "$(md5sum "$1" | cut -d' ' -f1)" == "$2" ]]
}

# pinned_checked REPO COMMIT MIRROR PATH DEST SUM: DEST holds PATH with MD5 SUM (fetched unless it
# already does), or the script stops
pinned_checked() {
  md5_is "$5" "$6" || pinned_get "$1" "$2" "$3" "$4" "$5"
  md5_is "$5" "$6" || { echo "MD5 mismatch for $4" >&2; exit 1; }
}
