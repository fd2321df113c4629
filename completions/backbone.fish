# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_backbone_global_optspecs
    string join \n o/output= c/config= h/help V/version
end

function __fish_backbone_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_backbone_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_backbone_using_subcommand
    set -l cmd (__fish_backbone_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c backbone -n "__fish_backbone_needs_command" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_needs_command" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_needs_command" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_needs_command" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "landscape" -d 'Run landscapes: self-contained Backbone installations'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "service" -d 'Run single components, for landscapes that spread them over processes'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "config" -d 'Inspect the configuration'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up help" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up help" -f -a "up" -d 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -l listen -d 'Where the landscape listens (`host:port`): the Consumer API in dev (`server.listen`), the gateway otherwise (`gateway.listen`)' -r
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "up" -d 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -f -a "run" -d 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -l listen -d 'Where the Consumer API listens (`host:port`; overrides `server.listen`), or the gateway when it runs (overrides `gateway.listen`)' -r
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -l landscape -d 'Run as an instance of this landscape: its configuration defaults and the secrets, database and files in its state directory' -r -f -a "dev\t''
stage\t''"
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -f -a "example" -d 'Print a commented example configuration file with every default'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -f -a "show" -d 'Print the effective configuration of a landscape, secrets redacted'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from example" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from example" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from example" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from example" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -l landscape -d 'The landscape whose defaults apply' -r
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "example" -d 'Print a commented example configuration file with every default'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective configuration of a landscape, secrets redacted'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand completions" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t''
json\t''"
complete -c backbone -n "__fish_backbone_using_subcommand completions" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand completions" -s h -l help -d 'Print help'
complete -c backbone -n "__fish_backbone_using_subcommand completions" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape service config completions help" -f -a "landscape" -d 'Run landscapes: self-contained Backbone installations'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape service config completions help" -f -a "service" -d 'Run single components, for landscapes that spread them over processes'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape service config completions help" -f -a "config" -d 'Inspect the configuration'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape service config completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape service config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from landscape" -f -a "up" -d 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "run" -d 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "example" -d 'Print a commented example configuration file with every default'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective configuration of a landscape, secrets redacted'
