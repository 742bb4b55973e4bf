# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_basilica_miner_global_optspecs
    string join \n c/config= json v/verbose q/quiet log-format= color= y/yes reload no-input h/help V/version
end

function __fish_basilica_miner_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_basilica_miner_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_basilica_miner_using_subcommand
    set -l cmd (__fish_basilica_miner_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "demo" -d 'Run a whole miner on this machine (sshd nodes, serve, a validator taking its bids), then clean up'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "init" -d 'Create miner.toml: interactive wizard on a terminal, flags otherwise'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "node" -d 'Manage the GPU nodes in miner.toml'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "keys" -d 'Validator keys on the nodes, and the miner\'s own node key'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "status" -d 'Is the miner earning? One screen from the running daemon (no SSH): daemon, chain, validator, bid, nodes, GPU-hours offered, what needs attention first; exit 0 all well, 1 needs attention, 3 no daemon answers'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "health-check" -d 'One summary of config, database, wallet, chain, the running daemon and the nodes; exit 1 on failure'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "service" -d 'The operator guide\'s service checks: test-ssh (nodes), test-bittensor (wallet and chain)'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "wallet" -d 'Check the miner\'s Bittensor wallet (hotkey, coldkey address, permissions)'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "register" -d 'Register the hotkey on the subnet (burned registration) and serve the axon'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "serve" -d 'Run the validator-facing gRPC daemon'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "bid" -d 'Generation 2: what is advertised to the validator, and the bid\'s state'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "probe" -d 'Check a miner from the outside, as a validator does'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "config" -d 'Check or show the configuration'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "database" -d 'Inspect the daemon\'s database'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c basilica-miner -n "__fish_basilica_miner_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l nodes -d 'Number of nodes (sshd on loopback); the last one has a broken driver. Generation 2 mixes 8x H100, 2x RTX 5090, a CPU-only host, 8x H200, 8x B200' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l generation -d 'Protocol generation: 2, the miner bids to the validator (validators built after 2026-02-02); 1, the validator calls the miner (older validators)' -r -f -a "1\t''
2\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l rules -d 'The generation-2 validator\'s rules: `any` takes any category and CPU-only hosts (the fork bigailabs/cathedral 7aab4b77, 2026-04); `upstream` only A100/H100/H200/B200/B300 (one-covenant/basilica 4097ead4, 2026-04-09)' -r -f -a "any\t''
upstream\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l keep -d 'Keep everything running until Ctrl-C instead of tearing down at once'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand demo" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l wallet-name -d 'Bittensor wallet name (folder under the wallet path)' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l hotkey-name -d 'Hotkey name inside the wallet' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l wallet-path -d 'Root of the Bittensor wallets [default: ~/.bittensor/wallets]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l network -d 'Chain to use: finney (mainnet, subnet 39), test (subnet 387) or local' -r -f -a "finney\t''
test\t''
local\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l netuid -d 'Subnet id [default: 39 on finney, 387 on test]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l chain-endpoint -d 'Subtensor WebSocket endpoint [default: the network\'s public endpoint]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l external-ip -d 'This machine\'s public IP address, served on chain for validators' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l grpc-port -d 'Port of the validator-facing gRPC service [default: 50051]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l axon-port -d 'Port served on chain [default: the gRPC port]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l metrics-port -d 'Port of the Prometheus /metrics endpoint [default: 9090]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l database -d 'SQLite database file [default: data/miner.db next to miner.toml]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l node-key -d 'The miner\'s SSH key for its nodes; generated when missing [default: ~/.ssh/basilica_miner_ed25519]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l node-user -d 'Login for nodes given without a user [default: root]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l node -d 'A GPU node as user@host[:port]; repeat for several' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l rate -d 'Hourly rate per GPU in dollars: one for all nodes, or one per --node in order' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l validator-hotkey -d 'Give the nodes to exactly this validator hotkey (fixed assignment) instead of the highest-stake validator' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l validator-endpoint -d 'Where to register the nodes (generation 2, the main path): the validator\'s bid service as an https:// (or http://host:port) URL; without it, the assigned validator\'s axon IP from the metagraph and bid_grpc_port' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l force -d 'Replace an existing miner.toml (the old one is kept as miner.toml.bak)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand init" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "add" -d 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "list" -d 'List configured nodes with their ids'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "remove" -d 'Remove nodes by id, user@host:port, host:port or host'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "test" -d 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "gpu" -d 'Show the GPU inventory of nodes (nvidia-smi)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "trust" -d 'Accept a node\'s new SSH host key after a reinstall'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "cordon" -d 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator\'s key are left alone'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "uncordon" -d 'Put cordoned nodes back in the offer (after their next passed full validation)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "drain" -d 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and not __fish_seen_subcommand_from add list remove test gpu trust cordon uncordon drain help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l rate -d 'Price per GPU per hour in dollars offered to validators, e.g. 2.50 (without it, the price of the node\'s GPU category in [bidding.strategy.static.static_prices])' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l opts -d 'Extra ssh options handed to validators with the connection details' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l gpu-category -d 'GPU category declared to generation-2 validators (A100, H100, H200, B200, B300, or any other NVIDIA card as validators name it, e.g. RTX_5090); the node is only advertised while nvidia-smi agrees' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l gpu-count -d 'GPU count declared to generation-2 validators; must equal what nvidia-smi lists' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l extra-mount-path -d 'A second disk validators may mount into rentals: an absolute path such as /ephemeral' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -l force -d 'Remove nodes even when they carry a customer\'s rental (refused otherwise, exit 5): the node leaves the bid and its rental with it'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -l full -d 'Also run the validators\' full validation: pull [bidding] validation_image where the node lacks it (at most [node_management] max_concurrent_pulls at once), run it with --gpus all --runtime nvidia, publish a port and fetch from it, and reach the node as validators do: fresh logins whose output must be exact, six at once then eight in turn, the login shell, the node\'s firewall (slow: minutes per node on a first pull)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -l pull -d 'With --full: pull the image even on nodes that have it, as a refresh does (each pull counts against the registry\'s limit)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from gpu" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from trust" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from cordon" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from uncordon" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -l timeout -d 'Longest wait with --wait, e.g. 90s, 30m, 2h; then exit 6 (the nodes stay cordoned) [default: no limit]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -l wait -d 'Wait until no rental runs on the nodes (exit 0), showing the rentals waited for'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from drain" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "list" -d 'List configured nodes with their ids'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove nodes by id, user@host:port, host:port or host'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "test" -d 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "gpu" -d 'Show the GPU inventory of nodes (nvidia-smi)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "trust" -d 'Accept a node\'s new SSH host key after a reinstall'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "cordon" -d 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator\'s key are left alone'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "uncordon" -d 'Put cordoned nodes back in the offer (after their next passed full validation)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "drain" -d 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -f -a "list" -d 'List validator keys on every node, and nodes missing the miner\'s own key'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -f -a "revoke" -d 'Remove one validator\'s key (or all validator keys) from every node'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -f -a "rotate" -d 'Replace the miner\'s own node key everywhere without locking you out'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and not __fish_seen_subcommand_from list revoke rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l all -d 'Remove every validator key'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l force -d 'Remove the keys even from nodes that carry a customer\'s rental (refused otherwise, exit 5): the renting validator loses its way in and records the rental as interrupted'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List validator keys on every node, and nodes missing the miner\'s own key'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Remove one validator\'s key (or all validator keys) from every node'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace the miner\'s own node key everywhere without locking you out'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -l watch -d 'Redraw every SECS seconds (default 5) on the terminal until Ctrl-C' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -l daemon -d 'Only whether the daemon runs and answers its gRPC health check, in one line: exit 0, or 3 (for container and service-manager health checks)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand status" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand health-check" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -f -a "test-ssh" -d 'SSH to every node with the miner\'s key (the SSH part of `node test`)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -f -a "test-bittensor" -d 'Wallet, chain reachability and the hotkey\'s registration (as `wallet check --online`)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and not __fish_seen_subcommand_from test-ssh test-bittensor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-ssh" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from test-bittensor" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "test-ssh" -d 'SSH to every node with the miner\'s key (the SSH part of `node test`)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "test-bittensor" -d 'Wallet, chain reachability and the hotkey\'s registration (as `wallet check --online`)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Load the hotkey, read the coldkey address, check file permissions'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -l timeout -d 'Seconds each chain request may take [default: 15 with --online, else 5]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -l online -d 'Also read the registration from the chain, and fail if the chain cannot be reached'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -l offline -d 'Do not contact the chain (by default it is tried briefly)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from help" -f -a "check" -d 'Load the hotkey, read the coldkey address, check file permissions'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand wallet; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -l timeout -d 'Seconds to wait for each chain request' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -l dry-run -d 'Show what would be submitted without signing anything'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand register" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -l offline -d 'No chain calls at all (labs, the sandbox): needs strategy = "fixed_assignment", whose hotkey then stands in for the validator-permit check'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand serve" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -f -a "show" -d 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -f -a "status" -d 'Print the last bid at the validator and its heartbeat, from the daemon\'s database'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -f -a "validators" -d 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and not __fish_seen_subcommand_from show status validators help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -l full -d 'Run the validators\' full validation now instead of using serve\'s last one'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -l endpoint -d 'Look at this bid endpoint instead of the subnet\'s validators (http://IP:PORT or https://NAME), e.g. before setting [bidding] validator_endpoint' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from validators" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from help" -f -a "show" -d 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from help" -f -a "status" -d 'Print the last bid at the validator and its heartbeat, from the daemon\'s database'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from help" -f -a "validators" -d 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand bid; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l validator-wallet -d 'Wallet of a validator to authenticate as (default: a throwaway key, expecting a clean refusal)' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l validator-hotkey -d 'Hotkey name inside --validator-wallet' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l validator-uri -d 'Validator key as a substrate URI such as //Alice (development chains and tests)' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l expect-hotkey -d 'The hotkey the miner must answer with [default: this config\'s hotkey]' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l timeout -d 'Seconds to wait for the connection' -r
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l tls-ca -d 'Speak TLS, trusting this CA certificate (PEM), for a miner with tls_enabled' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l chain -d 'Also check on chain (this config\'s network) that the hotkey is registered and its axon is the probed endpoint'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand probe" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -f -a "validate" -d 'Check every section of miner.toml, including the files and directories it names'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -f -a "show" -d 'Print the effective configuration (file + environment + defaults)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and not __fish_seen_subcommand_from validate show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -l strict -d 'Treat warnings as errors'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -l no-wallet -d 'Do not check that the wallet and hotkey exist (a file prepared on another machine)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -l show-sensitive -d 'Show key file paths instead of masking them'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check every section of miner.toml, including the files and directories it names'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective configuration (file + environment + defaults)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -f -a "health" -d 'Check the database: integrity, schema version, row counts, oldest entry, size'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and not __fish_seen_subcommand_from health help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from health" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from help" -f -a "health" -d 'Check the database: integrity, schema version, row counts, oldest entry, size'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand database; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -s c -l config -d 'Path of miner.toml [env: BASILICA_MINER_CONFIG]' -r -F
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -l log-format -d 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]' -r -f -a "text\t'Human-readable lines (no timestamp under systemd: journald adds its own)'
json\t'One JSON object a line: timestamp, level, target, message and the event\'s fields'"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -l color -d 'When to use colour [env: NO_COLOR disables it]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout (stable field names, no colour)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -s v -l verbose -d 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr: no progress, notes or warnings'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -s y -l yes -d 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -l reload -d 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -l no-input -d 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -s h -l help -d 'Print help'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand completions" -s V -l version -d 'Print version'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "demo" -d 'Run a whole miner on this machine (sshd nodes, serve, a validator taking its bids), then clean up'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "init" -d 'Create miner.toml: interactive wizard on a terminal, flags otherwise'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "node" -d 'Manage the GPU nodes in miner.toml'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "keys" -d 'Validator keys on the nodes, and the miner\'s own node key'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "status" -d 'Is the miner earning? One screen from the running daemon (no SSH): daemon, chain, validator, bid, nodes, GPU-hours offered, what needs attention first; exit 0 all well, 1 needs attention, 3 no daemon answers'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "health-check" -d 'One summary of config, database, wallet, chain, the running daemon and the nodes; exit 1 on failure'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "service" -d 'The operator guide\'s service checks: test-ssh (nodes), test-bittensor (wallet and chain)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "wallet" -d 'Check the miner\'s Bittensor wallet (hotkey, coldkey address, permissions)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "register" -d 'Register the hotkey on the subnet (burned registration) and serve the axon'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "serve" -d 'Run the validator-facing gRPC daemon'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "bid" -d 'Generation 2: what is advertised to the validator, and the bid\'s state'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "probe" -d 'Check a miner from the outside, as a validator does'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "config" -d 'Check or show the configuration'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "database" -d 'Inspect the daemon\'s database'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and not __fish_seen_subcommand_from demo init node keys status health-check service wallet register serve bid probe config database completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "add" -d 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "list" -d 'List configured nodes with their ids'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "remove" -d 'Remove nodes by id, user@host:port, host:port or host'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "test" -d 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "gpu" -d 'Show the GPU inventory of nodes (nvidia-smi)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "trust" -d 'Accept a node\'s new SSH host key after a reinstall'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "cordon" -d 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator\'s key are left alone'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "uncordon" -d 'Put cordoned nodes back in the offer (after their next passed full validation)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "drain" -d 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "list" -d 'List validator keys on every node, and nodes missing the miner\'s own key'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "revoke" -d 'Remove one validator\'s key (or all validator keys) from every node'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "rotate" -d 'Replace the miner\'s own node key everywhere without locking you out'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "test-ssh" -d 'SSH to every node with the miner\'s key (the SSH part of `node test`)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "test-bittensor" -d 'Wallet, chain reachability and the hotkey\'s registration (as `wallet check --online`)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from wallet" -f -a "check" -d 'Load the hotkey, read the coldkey address, check file permissions'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from bid" -f -a "show" -d 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from bid" -f -a "status" -d 'Print the last bid at the validator and its heartbeat, from the daemon\'s database'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from bid" -f -a "validators" -d 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "validate" -d 'Check every section of miner.toml, including the files and directories it names'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective configuration (file + environment + defaults)'
complete -c basilica-miner -n "__fish_basilica_miner_using_subcommand help; and __fish_seen_subcommand_from database" -f -a "health" -d 'Check the database: integrity, schema version, row counts, oldest entry, size'
