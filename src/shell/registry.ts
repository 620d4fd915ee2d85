/**
 * The command registry: commands are a table (name -> Command), so each protocol issue adds its tools (wg,
 * ip xfrm, istioctl, linkerd) without touching the shell. `help` and `man` read the same table.
 */
import type { Command } from './types';
import { availableIn, runsAt } from './types';

export class Registry {
  private readonly commands = new Map<string, Command>();

  constructor(commands: Command[] = []) {
    for (const c of commands) this.add(c);
    this.add(this.help());
    this.add(this.man());
  }

  add(cmd: Command): void {
    if (this.commands.has(cmd.name)) throw new Error(`command '${cmd.name}' registered twice`);
    this.commands.set(cmd.name, cmd);
  }

  get(name: string): Command | undefined {
    return this.commands.get(name);
  }

  names(): string[] {
    return [...this.commands.keys()].sort();
  }

  private help(): Command {
    return {
      name: 'help', summary: 'list the commands of this lab', where: 'any',
      man: 'help\n  Lists the commands available where you are (on a node or inside a pod). man <command> shows one in detail.',
      run: (_argv, ctx) => {
        const here = this.names().map((n) => this.commands.get(n)!).filter((c) => runsAt(c, ctx.st, ctx.place));
        const width = Math.max(...here.map((c) => c.name.length));
        ctx.out(`Commands ${ctx.place.kind === 'node' ? `on ${ctx.place.node}` : `inside pod ${ctx.place.namespace}/${ctx.place.pod}`}:\n`);
        for (const c of here) ctx.out(`  ${c.name.padEnd(width)}  ${c.summary}\n`);
        ctx.out(`  ${'exit'.padEnd(width)}  leave a pod shell\n  ${'history'.padEnd(width)}  list the commands typed here\n`);
        ctx.out('Pipes (|), &&, || and ; work; man <command> for details; Tab completes; Ctrl-C stops a command.\n');
        return 0;
      },
    };
  }

  private man(): Command {
    return {
      name: 'man', summary: 'show the manual page of a command', where: 'any',
      man: 'man COMMAND\n  Shows what COMMAND does and the options this lab supports.',
      run: (argv, ctx) => {
        if (argv.length < 2) {
          ctx.err('What manual page do you want?\nFor example, try \'man man\'.\n');
          return 1;
        }
        const cmd = this.commands.get(argv[1]);
        if (!cmd || !availableIn(cmd, ctx.st)) {
          ctx.err(`No manual entry for ${argv[1]}\n`);
          return 16;
        }
        ctx.out(`${cmd.name.toUpperCase()}(1)\n\nNAME\n       ${cmd.name} - ${cmd.summary}\n\nSYNOPSIS\n${cmd.man.split('\n').map((l) => `       ${l}`).join('\n')}\n`);
        return 0;
      },
      complete: (_argv, index, st) => (index === 1 ? this.names().filter((n) => availableIn(this.commands.get(n)!, st)) : []),
    };
  }
}
