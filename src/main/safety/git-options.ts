// The options of git's reading subcommands that keep them reading (an allow-list; anything else, an
// abbreviation included, is asked about). Every value is taken as attached only (`--format=x`, `-n5`):
// a value given as the next word is then read as an operand (a revision or a path, harmless) or as an
// option (checked), never skipped unchecked.
import { optionTable, type OptionTable } from './command-options.js';

const DIFF =
  '-p -u -s -z -U=? -W -a -b -w -R -M=? -C=? -B=? -D -l=? -S=? -G=? -O=? -X=? -I=? -0 -1 -2 -3 -m -c -r -t ' +
  '--patch --no-patch --raw --patch-with-raw --patch-with-stat --numstat --shortstat --stat=? --stat-width=? ' +
  '--stat-name-width=? --stat-graph-width=? --stat-count=? --compact-summary --dirstat=? --cumulative ' +
  '--dirstat-by-file=? --summary --name-only --name-status --submodule=? --color=? --no-color --color-moved=? ' +
  '--no-color-moved --color-moved-ws=? --no-color-moved-ws --color-words=? --word-diff=? --word-diff-regex=? ' +
  '--renames --no-renames --rename-empty --no-rename-empty --check --ws-error-highlight=? --full-index --binary ' +
  '--abbrev=? --no-abbrev --break-rewrites=? --find-renames=? --find-copies=? --find-copies-harder ' +
  '--irreversible-delete --diff-filter=? --find-object=? --pickaxe-all --pickaxe-regex --skip-to=? --rotate-to=? ' +
  '--relative=? --no-relative --text --ignore-cr-at-eol --ignore-space-at-eol --ignore-space-change ' +
  '--ignore-all-space --ignore-blank-lines --ignore-matching-lines=? --inter-hunk-context=? --function-context ' +
  '--exit-code --quiet --no-ext-diff --textconv --no-textconv --ignore-submodules=? --src-prefix=? --dst-prefix=? ' +
  '--no-prefix --default-prefix --line-prefix=? --ita-invisible-in-index --ita-visible-in-index --minimal ' +
  '--patience --histogram --anchored=? --diff-algorithm=? --indent-heuristic --no-indent-heuristic --unified=? ' +
  '--output-indicator-new=? --output-indicator-old=? --output-indicator-context=? --cc --combined-all-paths ' +
  '--dd --diff-merges=? --no-diff-merges --remerge-diff --first-parent --root --no-commit-id --always --merge-base ';

const LOG =
  '-# -n=? -i -E -F -P -g -L=? --max-count=? --skip=? --since=? --after=? --until=? --before=? --since-as-filter=? ' +
  '--author=? --committer=? --grep=? --grep-reflog=? --all-match --invert-grep --regexp-ignore-case ' +
  '--basic-regexp --extended-regexp --fixed-strings --perl-regexp --merges --no-merges --min-parents=? ' +
  '--max-parents=? --no-min-parents --no-max-parents --exclude-first-parent-only --not --all --branches=? ' +
  '--tags=? --remotes=? --glob=? --exclude=? --exclude-hidden=? --reflog --alternate-refs --single-worktree ' +
  '--ignore-missing --bisect --cherry-mark --cherry-pick --left-only --right-only --cherry --walk-reflogs ' +
  '--merge --boundary --simplify-by-decoration --full-history --dense --sparse --simplify-merges ' +
  '--ancestry-path=? --show-pulls --topo-order --date-order --author-date-order --reverse --no-walk=? ' +
  '--do-walk --pretty=? --format=? --abbrev-commit --no-abbrev-commit --oneline --encoding=? --expand-tabs=? ' +
  '--no-expand-tabs --notes=? --no-notes --show-notes=? --standard-notes --no-standard-notes --relative-date ' +
  '--date=? --parents --children --left-right --graph --show-linear-break=? --decorate=? --no-decorate ' +
  '--decorate-refs=? --decorate-refs-exclude=? --clear-decorations --source --use-mailmap --no-use-mailmap ' +
  '--mailmap --no-mailmap --full-diff --log-size --follow --no-follow --count --objects --objects-edge ' +
  '--no-object-names --timestamp ';

const t = optionTable;

/** Reading subcommands (and a few pseudo-names for the forms of branch, tag, stash, worktree). */
export const GIT_SUBCOMMANDS: Readonly<Record<string, OptionTable>> = {
  status: t(
    '-s -b -v -z -u=? --short --branch --show-stash --porcelain=? --long --verbose --untracked-files=? ' +
      '--ignore-submodules=? --ignored=? --column=? --no-column --ahead-behind --no-ahead-behind --renames ' +
      '--no-renames --find-renames=? --null',
  ),
  log: t(LOG + DIFF),
  whatchanged: t(LOG + DIFF),
  show: t(LOG + DIFF),
  'rev-list': t(`${LOG} --quiet --header --stdin`),
  shortlog: t(`${LOG} -s -e -c -w=? --numbered --summary --email --committer --group=?`),
  diff: t(`${DIFF} --cached --staged --no-index --base --ours --theirs`),
  'diff-tree': t(`${DIFF} --pretty=? --format=? --no-commit-id -v`),
  'diff-index': t(`${DIFF} --cached`),
  'diff-files': t(`${DIFF} -q --base --ours --theirs`),
  'range-diff': t(
    `${DIFF} --creation-factor=? --no-dual-color --left-only --right-only --notes=? --no-notes`,
  ),
  'stash-show': t(`${DIFF} -u --include-untracked --only-untracked`),
  blame: blame(),
  annotate: blame(),
  'ls-files': t(
    '-c -d -m -o -i -s -u -k -z -t -v -f -x=? -X=? --cached --deleted --modified --others --ignored --stage ' +
      '--unmerged --killed --directory --no-empty-directory --eol --exclude=? --exclude-from=? ' +
      '--exclude-per-directory=? --exclude-standard --error-unmatch --with-tree=? --full-name ' +
      '--recurse-submodules --abbrev=? --debug --deduplicate --sparse --format=? --resolve-undo',
  ),
  'ls-tree': t(
    '-d -r -t -l -z --long --name-only --name-status --object-only --full-name --full-tree --abbrev=? --format=?',
  ),
  'cat-file': t(
    '-t -s -e -p -Z --textconv --filters --batch=? --batch-check=? --batch-all-objects --buffer ' +
      '--follow-symlinks --unordered --allow-unknown-type --path=? --batch-command=?',
  ),
  grep: t(
    '-a -i -I -w -v -h -H -E -G -F -P -n -l -L -c -o -p -W -q -z -r -e=? -f=? -A=? -B=? -C=? -m=? -# --text ' +
      '--textconv --no-textconv --ignore-case --word-regexp --invert-match --full-name --extended-regexp ' +
      '--basic-regexp --fixed-strings --perl-regexp --line-number --column --files-with-matches --name-only ' +
      '--files-without-match --count --color=? --no-color --break --heading --show-function --function-context ' +
      '--context=? --after-context=? --before-context=? --threads=? --max-depth=? --max-count=? ' +
      '--only-matching --quiet --null --and --or --not --all-match --cached --untracked --no-index ' +
      '--exclude-standard --no-exclude-standard --recurse-submodules --recursive --no-recursive',
  ),
  'rev-parse': t(
    '-q --abbrev-ref=? --symbolic --symbolic-full-name --short=? --verify --quiet --git-dir --git-common-dir ' +
      '--show-toplevel --show-prefix --show-cdup --is-inside-work-tree --is-inside-git-dir --is-bare-repository ' +
      '--is-shallow-repository --absolute-git-dir --show-superproject-working-tree --shared-index-path --sq ' +
      '--not --all --branches=? --tags=? --remotes=? --glob=? --exclude=? --since=? --until=? ' +
      '--default=? --prefix=? --revs-only --no-revs --flags --no-flags --local-env-vars --git-path=? ' +
      '--show-object-format=? --show-ref-format --disambiguate=? --path-format=?',
  ),
  describe: t(
    '--all --tags --contains --abbrev=? --candidates=? --exact-match --debug --long --match=? --exclude=? ' +
      '--always --first-parent --dirty=? --broken=?',
  ),
  'merge-base': t('-a --all --octopus --independent --is-ancestor --fork-point'),
  'name-rev': t('--tags --refs=? --exclude=? --all --name-only --no-undefined --always'),
  'show-ref': t(
    '-d -s -q --head --heads --tags --branches --dereference --hash=? --verify --abbrev=? --quiet --exists',
  ),
  'show-branch': t(
    '-a -r -g --all --remotes --current --topo-order --date-order --sparse --more=? --list --merge-base ' +
      '--independent --no-name --sha1-name --topics --reflog=? --color=? --no-color',
  ),
  'for-each-ref': t(
    '--count=? --sort=? --format=? --color=? --shell --perl --python --tcl --points-at=? --merged=? ' +
      '--no-merged=? --contains=? --no-contains=? --ignore-case --omit-empty --exclude=? --include-root-refs',
  ),
  'count-objects': t('-v -H --verbose --human-readable'),
  'check-ignore': t('-q -v -n -z --quiet --verbose --non-matching --no-index'),
  'check-attr': t('-a -z --all --cached --source=?'),
  'check-ref-format': t('--branch --normalize --allow-onelevel --no-allow-onelevel --refspec-pattern'),
  cherry: t('-v --abbrev=?'),
  version: t('--build-options'),
  var: t('-l'),
  'branch-list': t(
    '-a -r -v -l -i --list --all --remotes --verbose --show-current --contains=? --no-contains=? --merged=? ' +
      '--no-merged=? --points-at=? --sort=? --format=? --column=? --no-column --color=? --no-color ' +
      '--ignore-case --abbrev=? --no-abbrev --omit-empty',
  ),
  'tag-list': t(
    '-l -i -n=? --list --sort=? --contains=? --no-contains=? --merged=? --no-merged=? --points-at=? --format=? ' +
      '--column=? --no-column --color=? --ignore-case --omit-empty',
  ),
  'worktree-list': t('-v -z --porcelain --verbose --expire=?'),
};

/** Options with which git config only reads. */
export const GIT_CONFIG_READ = t(
  '-l -z -f=? --get --get-all --get-regexp --get-urlmatch --get-color --get-colorbool --list --show-origin ' +
    '--show-scope --name-only --null --type=? --bool --int --bool-or-int --path --expiry-date --global --system ' +
    '--local --worktree --file=? --blob=? --default=? --includes --no-includes --fixed-value --all --regexp --url=?',
);

function blame(): OptionTable {
  return t(
    '-b -c -e -f -l -n -p -s -t -w -L=? -M=? -C=? -S=? --root --show-stats --score-debug --show-name ' +
      '--show-number --show-email --porcelain --line-porcelain --incremental --encoding=? --contents=? ' +
      '--date=? --progress --no-progress --reverse --first-parent --abbrev=? --ignore-rev=? ' +
      '--ignore-revs-file=? --color-lines --color-by-age --minimal',
  );
}
