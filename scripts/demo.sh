#!/usr/bin/env bash
# `npm run demo`: netpolc on the bundled corpus, as a user would run it. Fails if a command's exit
# code is not the documented one.
set -u
cd "$(dirname "$0")/.."
run() {
  local want=$1; shift
  printf '\n$ netpolc %s\n' "$*"
  node dist/src/cli/main.js "$@"
  local got=$?
  if [ "$got" -ne "$want" ]; then echo "demo: expected exit $want from 'netpolc $*', got $got" >&2; exit 1; fi
}
run 2 validate corpus/article
run 0 validate corpus/article-fixed
run 0 compile --emit ir corpus/article-fixed
run 0 connectivity corpus/article-fixed
run 0 explain corpus/article-fixed --from default/frontend --to kube-system/coredns --port udp/53
run 1 prove corpus/article-fixed --properties corpus/article-fixed/properties.txt
run 1 prove corpus/tiered --properties corpus/tiered/properties.txt
run 1 lint corpus/article-fixed
run 0 emit --target iptables corpus/tiered -o -
echo
echo "demo: done"
