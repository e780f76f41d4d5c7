// The allow-list of commands that only read or print, each with the exact options that keep it so
// (GNU spellings; a BSD option that differs is simply not listed, so it is asked about). A command or
// an option not listed here is not read-only. Notation: see optionTable in command-options.ts.
import { optionTable, type Escalation, type OptionTable } from './command-options.js';

export interface ReadOnlySpec {
  table: OptionTable;
  /** No option of it (GNU or BSD) writes or runs: words only known at run time are fine. */
  anyArgs?: boolean;
  /** It reads no options at all: every word is printed or ignored (echo, true). */
  free?: boolean;
  /** Options end at the first operand (bash builtins). */
  optionsFirst?: boolean;
  /** More operands than this write the last one (`uniq IN OUT`) or change settings. */
  maxOperands?: number;
  /** Every operand must match (`date +FORMAT`: any other operand sets the clock). */
  operand?: RegExp;
  /** Options that are not read-only, for a better reason and a denial when they write outside. */
  escalate?: Readonly<Record<string, Escalation>>;
}

type Extra = Omit<ReadOnlySpec, 'table'>;
const spec = (options: string, extra: Extra = {}): ReadOnlySpec => ({
  table: optionTable(options),
  ...extra,
});
const anyArgs = (options: string, extra: Extra = {}): ReadOnlySpec =>
  spec(options, { anyArgs: true, ...extra });
const FREE: ReadOnlySpec = { table: optionTable(''), free: true, anyArgs: true };

const GREP =
  '-E -F -G -P -e= -f= -i -y -v -w -x -c -o -q -s -b -n -H -h -Z -z -l -L -T -U -a -I -r -R -A= -B= -C= -m= -d= -D= -# ' +
  '--extended-regexp --fixed-strings --basic-regexp --perl-regexp --regexp= --file= --ignore-case --no-ignore-case ' +
  '--invert-match --word-regexp --line-regexp --count --color=? --colour=? --files-without-match --files-with-matches ' +
  '--max-count= --only-matching --quiet --silent --no-messages --byte-offset --with-filename --no-filename --label= ' +
  '--line-number --initial-tab --null --null-data --text --binary-files= --devices= --directories= --exclude= ' +
  '--exclude-from= --exclude-dir= --include= --recursive --dereference-recursive --line-buffered --binary ' +
  '--after-context= --before-context= --context= --help --version';
const HEAD =
  '-c= -n= -q -v -z -# --bytes= --lines= --quiet --silent --verbose --zero-terminated --help --version';
const SUMS =
  '-b -c -t -z -w -l= --binary --check --tag --text --zero --ignore-missing --quiet --status --strict --warn --length= --help --version';
const BASE = '-d -i -w= --decode --ignore-garbage --wrap= --help --version';

/** Commands that only read files or print (builtins included). */
export const READ_ONLY_COMMANDS: Readonly<Record<string, ReadOnlySpec>> = {
  ls: anyArgs(
    '-a -A -b -B -c -C -d -D -f -F -g -G -h -H -i -k -l -L -m -n -N -o -p -q -Q -r -R -s -S -t -u -U -v -x -X -Z -1 ' +
      '-I= -T= -w= --all --almost-all --author --escape --block-size= --ignore-backups --color=? --directory --dired ' +
      '--classify=? --file-type --format= --full-time --group-directories-first --no-group --human-readable --si ' +
      '--dereference-command-line --dereference-command-line-symlink-to-dir --hide= --hyperlink=? --indicator-style= ' +
      '--inode --ignore= --kibibytes --dereference --numeric-uid-gid --literal --hide-control-chars ' +
      '--show-control-chars --quote-name --quoting-style= --reverse --recursive --size --sort= --time= --time-style= ' +
      '--tabsize= --width= --context --zero --help --version',
  ),
  cat: anyArgs(
    '-A -b -e -E -n -s -t -T -u -v --show-all --number-nonblank --show-ends --number --squeeze-blank --show-tabs --show-nonprinting --help --version',
  ),
  head: anyArgs(HEAD),
  tail: anyArgs(`${HEAD} -f -F -r -s= --follow=? --retry --pid= --sleep-interval= --max-unchanged-stats=`),
  wc: anyArgs(
    '-c -m -l -L -w --bytes --chars --lines --max-line-length --words --files0-from= --total= --help --version',
  ),
  grep: anyArgs(GREP),
  egrep: anyArgs(GREP),
  fgrep: anyArgs(GREP),
  pwd: anyArgs('-L -P'),
  echo: FREE,
  true: FREE,
  false: FREE,
  ':': FREE,
  sleep: FREE,
  expr: FREE,
  // Their numeric argument is read as a number, never evaluated as arithmetic.
  exit: FREE,
  return: FREE,
  break: FREE,
  continue: FREE,
  shift: FREE,
  times: FREE,
  basename: anyArgs('-a -s= -z --multiple --suffix= --zero --help --version'),
  dirname: anyArgs('-z --zero --help --version'),
  realpath: anyArgs(
    '-e -m -L -P -q -s -z --canonicalize-existing --canonicalize-missing --logical --physical --quiet --relative-to= --relative-base= --strip --no-symlinks --zero --help --version',
  ),
  readlink: anyArgs(
    '-f -e -m -n -q -s -v -z --canonicalize --canonicalize-existing --canonicalize-missing --no-newline --quiet --silent --verbose --zero --help --version',
  ),
  stat: anyArgs(
    '-L -f -c= -t --dereference --file-system --format= --printf= --terse --cached= --help --version',
  ),
  du: anyArgs(
    '-0 -a -b -B= -c -D -d= -H -h -k -L -l -m -P -S -s -t= -x -X= --null --all --apparent-size --block-size= --bytes ' +
      '--total --dereference-args --max-depth= --files0-from= --inodes --dereference --count-links --no-dereference ' +
      '--separate-dirs --si --summarize --threshold= --time=? --time-style= --exclude-from= --exclude= --one-file-system --help --version',
  ),
  df: anyArgs(
    '-a -B= -h -H -i -k -l -P -t= -T -x= --all --block-size= --human-readable --si --inodes --local --output=? ' +
      '--portability --print-type --type= --exclude-type= --total --help --version',
  ),
  cut: anyArgs(
    '-b= -c= -d= -f= -n -s -z --bytes= --characters= --delimiter= --fields= --complement --only-delimited --output-delimiter= --zero-terminated --help --version',
  ),
  tr: anyArgs('-c -C -d -s -t --complement --delete --squeeze-repeats --truncate-set1 --help --version'),
  which: anyArgs('-a -s --all'),
  whereis: anyArgs('-b -m -s -u -l -B= -M= -S= -f'),
  type: anyArgs('-a -f -P -p -t', { optionsFirst: true }),
  nl: anyArgs(
    '-b= -d= -f= -h= -i= -l= -n= -p -s= -v= -w= --body-numbering= --section-delimiter= --footer-numbering= ' +
      '--header-numbering= --line-increment= --join-blank-lines= --number-format= --no-renumber --number-separator= ' +
      '--starting-line-number= --number-width= --help --version',
  ),
  tac: anyArgs('-b -r -s= --before --regex --separator= --help --version'),
  rev: anyArgs(''),
  fold: anyArgs('-b -s -w= --bytes --spaces --width= --help --version'),
  fmt: anyArgs(
    '-c -p= -s -t -u -w= -g= -# --crown-margin --prefix= --split-only --tagged-paragraph --uniform-spacing --width= --goal= --help --version',
  ),
  expand: anyArgs('-i -t= --initial --tabs= --help --version'),
  unexpand: anyArgs('-a -t= --all --first-only --tabs= --help --version'),
  paste: anyArgs('-d= -s -z --delimiters= --serial --zero-terminated --help --version'),
  join: anyArgs(
    '-a= -e= -i -j= -o= -t= -v= -1= -2= -z --check-order --nocheck-order --header --ignore-case --zero-terminated --help --version',
  ),
  comm: anyArgs(
    '-1 -2 -3 -z --check-order --nocheck-order --output-delimiter= --total --zero-terminated --help --version',
  ),
  column: anyArgs(
    '-t -s= -o= -c= -x -n -e -N= -J -l= -R= -T= -H= -W= -r= -E= -d -L --table --separator= --output-separator= ' +
      '--output-width= --fillrows --json --table-columns= --table-name= --table-right= --table-truncate= ' +
      '--table-wrap= --table-hide= --table-noheadings --keep-empty-lines --help --version',
  ),
  od: anyArgs(
    '-A= -j= -N= -S=? -t= -v -w=? -a -b -c -d -f -i -l -o -s -x --address-radix= --skip-bytes= --read-bytes= ' +
      '--strings=? --format= --output-duplicates --width=? --endian= --traditional --help --version',
  ),
  hexdump: anyArgs('-b -c -C -d -o -x -e= -f= -n= -s= -v -L=?'),
  strings: anyArgs(
    '-a -d -f -n= -t= -e= -w -s= -# --all --data --print-file-name --bytes= --radix= --encoding= --include-all-whitespace --output-separator= --help --version',
  ),
  md5sum: anyArgs(SUMS),
  sha1sum: anyArgs(SUMS),
  sha224sum: anyArgs(SUMS),
  sha256sum: anyArgs(SUMS),
  sha384sum: anyArgs(SUMS),
  sha512sum: anyArgs(SUMS),
  b2sum: anyArgs(SUMS),
  cksum: anyArgs(`${SUMS} -a= --algorithm= --untagged --base64 --raw --debug`),
  sum: anyArgs('-r -s --sysv --help --version'),
  // BSD base64 has `-o FILE`: a run-time word could be it.
  base32: spec(BASE),
  base64: spec(BASE),
  seq: anyArgs('-f= -s= -w -# --format= --separator= --equal-width --help --version'),
  uname: anyArgs(
    '-a -s -n -r -v -m -p -i -o --all --kernel-name --nodename --kernel-release --kernel-version --machine --processor --hardware-platform --operating-system --help --version',
  ),
  whoami: anyArgs('--help --version'),
  id: anyArgs(
    '-a -Z -g -G -n -r -u -z --context --group --groups --name --real --user --zero --help --version',
  ),
  groups: anyArgs('--help --version'),
  nproc: anyArgs('--all --ignore= --help --version'),
  arch: anyArgs('--help --version'),
  tty: anyArgs('-s --silent --quiet --help --version'),
  locale: anyArgs(
    '-a -m -c -k -v --all-locales --charmaps --category-name --keyword-name --verbose --help --version',
  ),
  logname: anyArgs('--help --version'),
  getconf: anyArgs('-a -v='),
  uptime: anyArgs('-p -s --pretty --since --help --version'),
  free: anyArgs(
    '-b -k -m -g -h -l -t -w -s= -c= --bytes --kilo --mega --giga --tera --peta --kibi --mebi --gibi --tebi --pebi ' +
      '--human --si --lohi --total --wide --seconds= --count= --help --version',
  ),
  lscpu: anyArgs(
    '-a -b -c -e=? -J -p=? -s= -x -y --all --online --offline --extended=? --json --parse=? --sysroot= --hex --physical --help --version',
  ),
  printenv: anyArgs('-0 --null --help --version', { optionsFirst: true }),
  cmp: anyArgs(
    '-b -i= -l -n= -s --print-bytes --ignore-initial= --verbose --bytes= --quiet --silent --help --version',
  ),
  // GNU diff -l (--paginate) runs pr.
  diff: spec(
    '-i -E -Z -b -w -B -I= -a -r -N -q -s -u -U= -c -C= -e -n -y -W= -p -F= -t -T -d -x= -X= -S= -H -# ' +
      '--strip-trailing-cr --normal --brief --report-identical-files --context=? --unified=? --ed --rcs ' +
      '--side-by-side --width= --left-column --suppress-common-lines --show-c-function --show-function-line= ' +
      '--label= --expand-tabs --initial-tab --tabsize= --suppress-blank-empty --new-file --unidirectional-new-file ' +
      '--ignore-case --ignore-tab-expansion --ignore-trailing-space --ignore-space-change --ignore-all-space ' +
      '--ignore-blank-lines --ignore-matching-lines= --text --recursive --no-dereference --exclude= --exclude-from= ' +
      '--starting-file= --from-file= --to-file= --ignore-file-name-case --no-ignore-file-name-case ' +
      '--speed-large-files --minimal --horizon-lines= --color=? --palette= --help --version',
  ),
  // jq can neither write files nor run programs.
  jq: anyArgs(
    '-r -j -a -c -n -e -s -S -C -M -R -f= -L= -h -V --arg== --argjson== --slurpfile== --rawfile== --args --jsonargs ' +
      '--tab --indent= --seq --stream --stream-errors --ascii-output --raw-output --raw-output0 --join-output ' +
      '--compact-output --null-input --exit-status --slurp --sort-keys --color-output --monochrome-output ' +
      '--raw-input --from-file= --unbuffered --help --version --build-configuration',
  ),
  // `wait -p`, `jobs -x` and `printf -v` set variables or run commands.
  wait: spec('-n -f', { optionsFirst: true }),
  jobs: spec('-l -n -p -r -s', { optionsFirst: true }),
  printf: spec('', {
    optionsFirst: true,
    escalate: { '-v': { ask: 'printf -v sets a variable (an array index there can run commands)' } },
  }),
  date: spec(
    '-d= -f= -I=? -R -r= -u --date= --file= --iso-8601=? --rfc-email --rfc-3339= --reference= --utc --universal --debug --help --version',
    {
      maxOperands: 1,
      operand: /^\+/,
      escalate: { '-s': { ask: 'date -s sets the clock' }, '--set': { ask: 'date --set sets the clock' } },
    },
  ),
  hostname: spec(
    '-a -A -d -f -i -I -s -y --alias --all-fqdns --domain --fqdn --long --ip-address --all-ip-addresses --short --yp --nis --help --version',
    {
      maxOperands: 0,
      escalate: {
        '-F': { ask: 'hostname -F sets the host name' },
        '--file': { ask: 'hostname --file sets the host name' },
      },
    },
  ),
  // -z and -Z run decompressors; -p and --no-sandbox change what file may touch.
  file: spec(
    '-b -c -E -e= -F= -h -i -k -L -l -N -n -r -s -S -0 -m= -P= --brief --checking-printout --exclude= ' +
      '--exclude-quiet= --extension --files-from= --separator= --no-dereference --mime --mime-type --mime-encoding ' +
      '--keep-going --dereference --list --no-buffer --no-pad --raw --special-files --magic-file= --parameter= --print0 --help --version',
    {
      escalate: {
        '-C': { ask: 'file -C writes a compiled magic file' },
        '--compile': { ask: 'file --compile writes a file' },
      },
    },
  ),
  sort: spec(
    '-b -d -f -g -i -M -h -n -R -r -V -c -C -m -s -u -z -k= -t= -S= --parallel= --batch-size= ' +
      '--ignore-leading-blanks --dictionary-order --ignore-case --general-numeric-sort --ignore-nonprinting ' +
      '--month-sort --human-numeric-sort --numeric-sort --random-sort --random-source= --reverse --sort= ' +
      '--version-sort --check=? --merge --stable --unique --zero-terminated --key= --field-separator= ' +
      '--buffer-size= --debug --files0-from= --help --version',
    {
      escalate: {
        '-o': { writes: 'sort -o writes' },
        '--output': { writes: 'sort --output writes' },
        '-T': { ask: 'sort -T writes temporary files in a folder' },
        '--temporary-directory': { ask: 'sort --temporary-directory writes temporary files' },
        '--compress-program': { ask: 'sort --compress-program runs a program' },
      },
    },
  ),
  shuf: spec(
    '-e -i= -n= -r -z --echo --input-range= --head-count= --random-source= --repeat --zero-terminated --help --version',
    {
      escalate: { '-o': { writes: 'shuf -o writes' }, '--output': { writes: 'shuf --output writes' } },
    },
  ),
  // tree -R with -H writes 00Tree.html files.
  tree: spec(
    '-a -d -l -f -x -L= -P= -I= -q -N -Q -p -u -g -s -h -D -F -v -t -c -U -r -C -n -A -S -i -J -X ' +
      '--gitignore --ignore-case --matchdirs --metafirst --prune --info --noreport --charset= --filelimit= ' +
      '--dirsfirst --filesfirst --si --du --timefmt= --inodes --device --sort= --noreport --help --version',
    { escalate: { '-o': { writes: 'tree -o writes' } } },
  ),
  iconv: spec('-f= -t= -c -s -l --from-code= --to-code= --list --silent --verbose --help --version', {
    escalate: { '-o': { writes: 'iconv -o writes' }, '--output': { writes: 'iconv --output writes' } },
  }),
  uniq: spec(
    '-c -d -D -f= -i -s= -u -w= -z --count --repeated --all-repeated=? --skip-fields= --ignore-case --skip-chars= --unique --zero-terminated --check-chars= --group=? --help --version',
    { maxOperands: 1 },
  ),
  rg: spec(
    '-i -s -S -w -x -v -n -N -l -c -o -F -e= -f= -g= -t= -T= -A= -B= -C= -m= -j= -u -L -H -I -p -q -r= -U -M= -a -z -0 -P -E= -b -h -V ' +
      '--hidden --no-hidden --no-ignore --no-ignore-vcs --no-ignore-dot --no-ignore-parent --no-ignore-global ' +
      '--no-ignore-exclude --no-ignore-files --glob= --iglob= --glob-case-insensitive --type= --type-not= --type-list ' +
      '--files --files-with-matches --files-without-match --count --count-matches --only-matching --line-number ' +
      '--no-line-number --column --no-column --no-heading --heading --with-filename --no-filename --color= --colors= ' +
      '--context= --after-context= --before-context= --max-count= --max-depth= --maxdepth= --max-filesize= ' +
      '--multiline --multiline-dotall --ignore-case --case-sensitive --smart-case --word-regexp --line-regexp ' +
      '--invert-match --fixed-strings --regexp= --file= --follow --json --vimgrep --pretty --sort= --sortr= ' +
      '--replace= --passthru --trim --stats --text --search-zip --null --null-data --pcre2 --engine= --threads= ' +
      '--quiet --unrestricted --one-file-system --no-messages --no-config --byte-offset --path-separator= ' +
      '--field-match-separator= --field-context-separator= --max-columns= --max-columns-preview --encoding= --crlf ' +
      '--binary --no-unicode --ignore-file= --ignore-file-case-insensitive --help --version',
    {
      escalate: {
        '--pre': { ask: 'rg --pre runs a program on every file' },
        '--pre-glob': { ask: 'rg --pre-glob runs a program on files' },
        '--hostname-bin': { ask: 'rg --hostname-bin runs a program' },
      },
    },
  ),
  fd: fdSpec(),
  fdfind: fdSpec(),
};

function fdSpec(): ReadOnlySpec {
  return spec(
    '-H -I -u -s -i -g -F -a -l -L -p -0 -1 -q -d= -t= -e= -E= -S= -o= -c= -j= ' +
      '--hidden --no-hidden --no-ignore --no-ignore-vcs --unrestricted --case-sensitive --ignore-case --glob --regex ' +
      '--fixed-strings --absolute-path --relative-path --list-details --follow --full-path --print0 --max-depth= ' +
      '--min-depth= --exact-depth= --type= --extension= --exclude= --size= --changed-within= --changed-before= ' +
      '--owner= --color= --threads= --max-results= --quiet --show-errors --base-directory= --path-separator= ' +
      '--search-path= --strip-cwd-prefix=? --one-file-system --format= --ignore-file= --prune --no-require-git --help --version',
    {
      escalate: {
        '-x': { ask: 'fd -x runs a command for each file' },
        '--exec': { ask: 'fd --exec runs a command for each file' },
        '-X': { ask: 'fd -X runs a command' },
        '--exec-batch': { ask: 'fd --exec-batch runs a command' },
      },
    },
  );
}
