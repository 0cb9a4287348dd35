package io.github.energy4j.agent;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code energy4j completion}: the bash (and zsh) completion script of every command and option. */
@Command(name = "completion", description = {"Prints the bash completion script of energy4j.",
    "Load it with: source <(energy4j completion); or save it as /etc/bash_completion.d/energy4j. In zsh, run "
        + "autoload -U +X bashcompinit && bashcompinit first."})
final class CompletionCommand extends CliCommand {

    @Override
    public Integer call() {
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
