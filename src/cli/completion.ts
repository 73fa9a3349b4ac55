// `authui completion bash|zsh|fish`: a completion script for commands, their flags, and the
// provider and identity names of the current configuration. The scripts ask `authui __complete
// names`, a fast path that reads the validated-config cache (no YAML parser, no zod, no store, no
// network) and prints one name per line.
import type { CommandDeps } from '../app/app.js';
import { COMMANDS, type CommandSpec } from './commands.js';

/** The commands and each command's flags, from the command table (`import aws` under `import`). */
const VISIBLE = COMMANDS.filter((c) => !('hidden' in c));
const COMMAND_WORDS = [...new Set(VISIBLE.map((c) => c.name.split(' ')[0] as string))];
const FLAGS: Record<string, string> = {};
for (const spec of VISIBLE as readonly CommandSpec[]) {
  const [first, sub] = spec.name.split(' ') as [string, string | undefined];
  const words = [...(sub ? [sub] : []), ...spec.flags.map((f) => `--${f.flag}`)];
  if (words.length) FLAGS[first] = [FLAGS[first], ...words].filter(Boolean).join(' ');
}

function bash(): string {
  const flags = Object.entries(FLAGS)
    .map(([command, list]) => `    ${command}) flags="${list}" ;;`)
    .join('\n');
  return `# authui completion for bash: eval "$(authui completion bash)"
_authui() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" command="\${COMP_WORDS[1]}" flags=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${COMMAND_WORDS.join(' ')} --config --help --version" -- "$cur") )
    return
  fi
  case "$command" in
${flags}
    completion) COMPREPLY=( $(compgen -W "bash zsh fish" -- "$cur") ); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$flags --config" -- "$cur") )
    return
  fi
  local IFS=$'\\n'
  COMPREPLY=( $(compgen -W "$(authui __complete names 2>/dev/null)" -- "$cur") )
}
complete -o default -F _authui authui
`;
}

function zsh(): string {
  return `# authui completion for zsh: eval "$(authui completion zsh)"
autoload -U +X bashcompinit && bashcompinit
${bash()}`;
}

function fish(): string {
  const lines = [
    '# authui completion for fish: authui completion fish | source',
    'complete -c authui -f',
    `complete -c authui -n '__fish_use_subcommand' -a '${COMMAND_WORDS.join(' ')}'`,
    "complete -c authui -n 'not __fish_use_subcommand; and not __fish_seen_subcommand_from completion' -a '(authui __complete names 2>/dev/null)'",
    "complete -c authui -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'",
    ...Object.entries(FLAGS).flatMap(([command, list]) =>
      list
        .split(' ')
        .filter((word) => word.startsWith('--'))
        .map((flag) => `complete -c authui -n '__fish_seen_subcommand_from ${command}' -l ${flag.slice(2)}`),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** The shells the table's `completion` command accepts (commander checks the word). */
export type Shell = 'bash' | 'zsh' | 'fish';

export async function runCompletion(opts: { shell: Shell }, { io }: CommandDeps): Promise<number> {
  io.stdout.write({ bash, zsh, fish }[opts.shell]());
  return 0;
}

/** `authui __complete names`: every provider and identity name, one per line, from the config (cache). */
export async function runCompleteNames(_opts: object, { io, app }: CommandDeps): Promise<number> {
  const config = await app.config();
  io.stdout.write(config.nodes.map((n) => `${n.name}\n`).join(''));
  return 0;
}
