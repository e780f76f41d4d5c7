import { describe, expect, it } from 'vitest';
import {
  extractSymbols,
  identifierHashes,
  hashIdentifier,
  skipReason,
} from '../../../src/main/context/symbol-extract.js';
import { languageOf } from '../../../src/main/context/symbol-languages.js';
import type { LanguageId } from '../../../src/main/context/symbol-languages.js';

/** `line kind name` for each symbol, members indented by two spaces. */
function outline(text: string, lang: LanguageId): string[] {
  return extractSymbols(text, lang).map((s) => `${s.depth ? '  ' : ''}${s.line} ${s.kind} ${s.name}`);
}

function signatures(text: string, lang: LanguageId): string[] {
  return extractSymbols(text, lang).map((s) => s.signature);
}

describe('languageOf', () => {
  it('maps extensions to a language and leaves other files without one', () => {
    expect(languageOf('src/a.tsx')).toBe('ts');
    expect(languageOf('lib/x.mjs')).toBe('ts');
    expect(languageOf('pkg/mod.pyi')).toBe('python');
    expect(languageOf('include/Foo.HPP')).toBe('c');
    expect(languageOf('App.kt')).toBe('kotlin');
    expect(languageOf('dist/app.min.js')).toBeNull();
    expect(languageOf('README.md')).toBeNull();
    expect(languageOf('Makefile')).toBeNull();
    expect(languageOf('.eslintrc')).toBeNull();
  });
});

describe('extractSymbols', () => {
  it('TypeScript: functions, classes with members, interfaces, types, enums, exported consts', () => {
    const src = [
      "import { x } from './x.js';",
      'export async function runAgent(',
      '  options: AgentRunOptions,',
      '): Promise<AgentRunResult> {',
      '  const inner = () => 1;',
      '  return go(options);',
      '}',
      'export class RepoMap extends Base {',
      '  private readonly files = new Map();',
      '  constructor(private ws: Workspace) {',
      '    super();',
      '    if (ws) this.run(ws);',
      '  }',
      '  async build(signal?: AbortSignal): Promise<void> {}',
      '  get size(): number { return 1; }',
      '}',
      'export interface Options {',
      '  budget: number;',
      '  count(text: string): number;',
      '}',
      'export type Kind = "a" | "b";',
      'export const enum Mode { A, B }',
      'export const DEFAULT_LIMITS: Limits = {',
      '  a: 1,',
      '};',
      'const helper = async (a: number): Promise<number> => a * 2;',
      'const notExported = 5;',
      '// export function commented(): void {}',
      '/*',
      'export function inBlockComment() {}',
      '*/',
    ].join('\n');
    expect(outline(src, 'ts')).toEqual([
      '2 function runAgent',
      '8 class RepoMap',
      '  10 method constructor',
      '  14 method build',
      '  15 method size',
      '17 interface Options',
      '  19 method count',
      '21 type Kind',
      '22 enum Mode',
      '23 const DEFAULT_LIMITS',
      '26 function helper',
    ]);
    expect(signatures(src, 'ts')).toEqual([
      'async function runAgent(options: AgentRunOptions): Promise<AgentRunResult>',
      'class RepoMap extends Base',
      'constructor(private ws: Workspace)',
      'async build(signal?: AbortSignal): Promise<void>',
      'get size(): number',
      'interface Options',
      'count(text: string): number',
      'type Kind = "a" | "b"',
      'const enum Mode',
      'const DEFAULT_LIMITS: Limits',
      'const helper = async (a: number): Promise<number>',
    ]);
  });

  it('TypeScript declaration files: members of a declared namespace are top level', () => {
    const src = [
      'declare namespace ts {',
      '    function createProgram(rootNames: readonly string[]): Program;',
      '    interface Program {',
      '        getSourceFiles(): readonly SourceFile[];',
      '    }',
      '    class Printer {',
      '        print(node: Node): string;',
      '    }',
      '}',
      'export = ts;',
    ].join('\n');
    expect(outline(src, 'ts')).toEqual([
      '1 namespace ts',
      '2 function createProgram',
      '3 interface Program',
      '  4 method getSourceFiles',
      '6 class Printer',
      '  7 method print',
    ]);
  });

  it('JavaScript: CommonJS exports without the noise of compiled output', () => {
    const src = [
      '"use strict";',
      'exports.parse = exports.safeParse = void 0;',
      'exports.string = string;',
      'exports.VERSION = "1.0";',
      'module.exports.make = function make(a) {',
      '  return a;',
      '};',
      'function local(a, b) {',
      '  return a + b;',
      '}',
    ].join('\n');
    expect(outline(src, 'ts')).toEqual(['4 const VERSION', '5 const make', '8 function local']);
  });

  it('Python: functions, classes, methods, module constants; nested functions skipped', () => {
    const src = [
      'MAX_SIZE: int = 10',
      'def top(a, b=2):',
      '    def nested():',
      '        pass',
      '    return nested',
      '',
      'class Repo(Base):',
      '    """Doc."""',
      '    def __init__(self, root):',
      '        self.root = root',
      '',
      '    async def load(',
      '        self,',
      '        path: str,',
      '    ) -> bytes:',
      '        if path == MAX_SIZE:',
      '            return b""',
      '',
      'async def main() -> None:',
      '    pass',
    ].join('\n');
    expect(outline(src, 'python')).toEqual([
      '1 const MAX_SIZE',
      '2 function top',
      '7 class Repo',
      '  9 method __init__',
      '  12 method load',
      '19 function main',
    ]);
    expect(signatures(src, 'python')[4]).toBe('async def load(self, path: str) -> bytes');
  });

  it('Go: functions, methods with receivers, structs, interfaces, types, consts', () => {
    const src = [
      'package repo',
      'type Map struct {',
      '\tfiles []string',
      '}',
      'type Reader interface {',
      '\tRead(p []byte) (int, error)',
      '}',
      'type ID int',
      'const MaxFiles = 100',
      'func New(root string) *Map {',
      '\treturn &Map{}',
      '}',
      'func (m *Map) Build(ctx context.Context) error {',
      '\treturn nil',
      '}',
    ].join('\n');
    expect(outline(src, 'go')).toEqual([
      '2 struct Map',
      '5 interface Reader',
      '8 type ID',
      '9 const MaxFiles',
      '10 function New',
      '13 method Build',
    ]);
    expect(signatures(src, 'go')[5]).toBe('func (m *Map) Build(ctx context.Context) error');
  });

  it('Rust: fns, structs, enums, traits, impls with methods, mods, consts, macros', () => {
    const src = [
      'pub struct RepoMap {',
      '    files: Vec<String>,',
      '}',
      'pub enum Kind { A, B }',
      'pub trait Rank {',
      '    fn score(&self) -> f64;',
      '}',
      'impl Rank for RepoMap {',
      '    fn score(&self) -> f64 {',
      '        let x = helper(1);',
      '        0.0',
      '    }',
      '}',
      'pub(crate) async fn build(root: &Path) -> Result<RepoMap> {',
      '    todo!()',
      '}',
      'pub const MAX: usize = 10;',
      'macro_rules! log {',
      '    () => {};',
      '}',
      'mod tests;',
    ].join('\n');
    expect(outline(src, 'rust')).toEqual([
      '1 struct RepoMap',
      '4 enum Kind',
      '5 trait Rank',
      '  6 method score',
      '8 impl Rank for RepoMap',
      '  9 method score',
      '14 function build',
      '17 const MAX',
      '18 macro log',
      '21 module tests',
    ]);
  });

  it('Java and Kotlin: classes and their methods, not the calls inside them', () => {
    const java = [
      'package a;',
      'public class RepoMap extends Base implements Map {',
      '    private final int size;',
      '    public RepoMap(int size) {',
      '        this.size = size;',
      '        return;',
      '    }',
      '    @Override',
      '    public List<String> files(String root) throws IOException {',
      '        return helper(root);',
      '    }',
      '    static <T> T pick(T a) { return a; }',
      '}',
      'interface Ranker {',
      '    double score(String file);',
      '}',
    ].join('\n');
    expect(outline(java, 'java')).toEqual([
      '2 class RepoMap',
      '  4 method RepoMap',
      '  9 method files',
      '  12 method pick',
      '14 interface Ranker',
      '  15 method score',
    ]);
    const kotlin = [
      'data class Point(val x: Int, val y: Int)',
      'class Repo(private val root: String) {',
      '    fun build(): Int {',
      '        return load(root)',
      '    }',
      '    suspend fun <T> List<T>.rank(): Double = 0.0',
      '}',
      'fun main() {}',
      'typealias Files = List<String>',
      'const val MAX_FILES = 10',
    ].join('\n');
    expect(outline(kotlin, 'kotlin')).toEqual([
      '1 class Point',
      '2 class Repo',
      '  3 method build',
      '  6 method rank',
      '8 function main',
      '9 type Files',
      '10 const MAX_FILES',
    ]);
  });

  it('C and C++ headers: structs, classes with methods, functions, macros, typedefs, namespaces', () => {
    const src = [
      '#ifndef REPO_H',
      '#define REPO_H',
      '#define MAX(a, b) ((a) > (b) ? (a) : (b))',
      'typedef unsigned long repo_size_t;',
      'struct repo_map {',
      '    int files;',
      '};',
      'struct repo_map *repo_map_new(const char *root,',
      '                              int flags);',
      'static inline int repo_count(struct repo_map *m) { return m->files; }',
      'namespace lc {',
      'class Ranker : public Base {',
      'public:',
      '    explicit Ranker(int n);',
      '    virtual ~Ranker();',
      '    double score(const std::string &file) const;',
      '#ifdef DEBUG',
      '    void dump() const;',
      '#endif',
      '};',
      'int helper(int x);',
      '}',
      '#endif',
    ].join('\n');
    expect(outline(src, 'c')).toEqual([
      '3 macro MAX',
      '4 type repo_size_t',
      '5 struct repo_map',
      '8 function repo_map_new',
      '10 function repo_count',
      '11 namespace lc',
      '12 class Ranker',
      '  14 method Ranker',
      '  15 method ~Ranker',
      '  16 method score',
      '  18 method dump',
      '21 function helper',
    ]);
    expect(signatures(src, 'c')[3]).toBe('struct repo_map *repo_map_new(const char *root, int flags)');
  });

  it('C#: namespaces, classes, records, interfaces and methods (Allman braces)', () => {
    const src = [
      'namespace Lc.Repo',
      '{',
      '    public sealed class RepoMap : IMap',
      '    {',
      '        public RepoMap(string root)',
      '        {',
      '            Load(root);',
      '        }',
      '        public async Task<int> BuildAsync(CancellationToken ct)',
      '        {',
      '            return await Task.FromResult(1);',
      '        }',
      '        public int Count { get; set; }',
      '    }',
      '    public record Point(int X, int Y);',
      '    internal interface IMap',
      '    {',
      '        int Score(string file);',
      '    }',
      '}',
    ].join('\n');
    expect(outline(src, 'csharp')).toEqual([
      '1 namespace Lc.Repo',
      '3 class RepoMap',
      '  5 method RepoMap',
      '  9 method BuildAsync',
      '15 class Point',
      '16 interface IMap',
      '  18 method Score',
    ]);
  });

  it('Ruby, PHP and Swift', () => {
    const ruby = [
      'module Lc',
      '  class RepoMap < Base',
      '    def initialize(root)',
      '      @root = root',
      '    end',
      '    def self.build(root) = new(root)',
      '  end',
      '  def helper?',
      '  end',
      'end',
    ].join('\n');
    expect(outline(ruby, 'ruby')).toEqual([
      '1 module Lc',
      '2 class RepoMap',
      '  3 method initialize',
      '  6 method self.build',
      '8 function helper?',
    ]);
    const php = [
      '<?php',
      'namespace App\\Repo;',
      'function helper($a) { return $a; }',
      'final class RepoMap implements Map',
      '{',
      '    public function __construct(private string $root) {}',
      '    public static function build(string $root): self',
      '    {',
      '        return new self(helper($root));',
      '    }',
      '}',
      'interface Map {}',
    ].join('\n');
    expect(outline(php, 'php')).toEqual([
      '2 namespace App\\Repo',
      '3 function helper',
      '4 class RepoMap',
      '  6 method __construct',
      '  7 method build',
      '12 interface Map',
    ]);
    const swift = [
      'public struct Point {',
      '    let x: Int',
      '    init(x: Int) { self.x = x }',
      '    public mutating func move(by dx: Int) {',
      '        x += dx',
      '    }',
      '}',
      'protocol Ranker {',
      '    func score(_ file: String) -> Double',
      '}',
      'extension Point: Ranker {}',
      'func main() {}',
      'typealias Files = [String]',
    ].join('\n');
    expect(outline(swift, 'swift')).toEqual([
      '1 struct Point',
      '  3 method init',
      '  4 method move',
      '8 interface Ranker',
      '  9 method score',
      '11 impl Point',
      '12 function main',
      '13 type Files',
    ]);
  });

  it('cuts long signatures and keeps at most 500 symbols per file', () => {
    const long = `export function f(${Array.from({ length: 40 }, (_, i) => `argument${i}: number`).join(', ')}): void {}`;
    const [sig] = signatures(long, 'ts');
    expect(sig?.length).toBeLessThanOrEqual(150);
    expect(sig?.endsWith('...')).toBe(true);
    const many = Array.from({ length: 700 }, (_, i) => `export function f${i}() {}`).join('\n');
    expect(extractSymbols(many, 'ts')).toHaveLength(500);
  });
});

describe('identifierHashes and skipReason', () => {
  it('hashes each distinct identifier of 3+ characters once, as hashIdentifier does', () => {
    const hashes = [...identifierHashes('runAgent(options); runAgent(x, ab); $el_2 = 3abc;')].sort();
    const expected = ['runAgent', 'options', '$el_2', 'abc'].map(hashIdentifier).sort();
    expect(hashes).toEqual(expected);
  });

  it('recognises generated and minified text', () => {
    expect(skipReason('// Code generated by protoc. DO NOT EDIT.\npackage x\n')).toBe('generated');
    expect(skipReason('/** @generated */\nexport const a = 1;\n')).toBe('generated');
    expect(skipReason('var a=1;'.repeat(1000))).toBe('minified');
    expect(skipReason('export const a = 1;\n'.repeat(1000))).toBeNull();
  });
});
