
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'basilica-miner' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'basilica-miner'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'basilica-miner' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run a whole miner on this machine (sshd nodes, serve, a validator taking its bids), then clean up')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create miner.toml: interactive wizard on a terminal, flags otherwise')
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'Manage the GPU nodes in miner.toml')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Validator keys on the nodes, and the miner''s own node key')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is the miner earning? One screen from the running daemon (no SSH): daemon, chain, validator, bid, nodes, GPU-hours offered, what needs attention first; exit 0 all well, 1 needs attention, 3 no daemon answers')
            [CompletionResult]::new('health-check', 'health-check', [CompletionResultType]::ParameterValue, 'One summary of config, database, wallet, chain, the running daemon and the nodes; exit 1 on failure')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'The operator guide''s service checks: test-ssh (nodes), test-bittensor (wallet and chain)')
            [CompletionResult]::new('wallet', 'wallet', [CompletionResultType]::ParameterValue, 'Check the miner''s Bittensor wallet (hotkey, coldkey address, permissions)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register the hotkey on the subnet (burned registration) and serve the axon')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the validator-facing gRPC daemon')
            [CompletionResult]::new('bid', 'bid', [CompletionResultType]::ParameterValue, 'Generation 2: what is advertised to the validator, and the bid''s state')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Check a miner from the outside, as a validator does')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check or show the configuration')
            [CompletionResult]::new('database', 'database', [CompletionResultType]::ParameterValue, 'Inspect the daemon''s database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;demo' {
            [CompletionResult]::new('--nodes', '--nodes', [CompletionResultType]::ParameterName, 'Number of nodes (sshd on loopback); the last one has a broken driver. Generation 2 mixes 8x H100, 2x RTX 5090, a CPU-only host, 8x H200, 8x B200')
            [CompletionResult]::new('--generation', '--generation', [CompletionResultType]::ParameterName, 'Protocol generation: 2, the miner bids to the validator (validators built after 2026-02-02); 1, the validator calls the miner (older validators)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'The generation-2 validator''s rules: `any` takes any category and CPU-only hosts (the fork bigailabs/cathedral 7aab4b77, 2026-04); `upstream` only A100/H100/H200/B200/B300 (one-covenant/basilica 4097ead4, 2026-04-09)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep everything running until Ctrl-C instead of tearing down at once')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;init' {
            [CompletionResult]::new('--wallet-name', '--wallet-name', [CompletionResultType]::ParameterName, 'Bittensor wallet name (folder under the wallet path)')
            [CompletionResult]::new('--hotkey-name', '--hotkey-name', [CompletionResultType]::ParameterName, 'Hotkey name inside the wallet')
            [CompletionResult]::new('--wallet-path', '--wallet-path', [CompletionResultType]::ParameterName, 'Root of the Bittensor wallets [default: ~/.bittensor/wallets]')
            [CompletionResult]::new('--network', '--network', [CompletionResultType]::ParameterName, 'Chain to use: finney (mainnet, subnet 39), test (subnet 387) or local')
            [CompletionResult]::new('--netuid', '--netuid', [CompletionResultType]::ParameterName, 'Subnet id [default: 39 on finney, 387 on test]')
            [CompletionResult]::new('--chain-endpoint', '--chain-endpoint', [CompletionResultType]::ParameterName, 'Subtensor WebSocket endpoint [default: the network''s public endpoint]')
            [CompletionResult]::new('--external-ip', '--external-ip', [CompletionResultType]::ParameterName, 'This machine''s public IP address, served on chain for validators')
            [CompletionResult]::new('--grpc-port', '--grpc-port', [CompletionResultType]::ParameterName, 'Port of the validator-facing gRPC service [default: 50051]')
            [CompletionResult]::new('--axon-port', '--axon-port', [CompletionResultType]::ParameterName, 'Port served on chain [default: the gRPC port]')
            [CompletionResult]::new('--metrics-port', '--metrics-port', [CompletionResultType]::ParameterName, 'Port of the Prometheus /metrics endpoint [default: 9090]')
            [CompletionResult]::new('--database', '--database', [CompletionResultType]::ParameterName, 'SQLite database file [default: data/miner.db next to miner.toml]')
            [CompletionResult]::new('--node-key', '--node-key', [CompletionResultType]::ParameterName, 'The miner''s SSH key for its nodes; generated when missing [default: ~/.ssh/basilica_miner_ed25519]')
            [CompletionResult]::new('--node-user', '--node-user', [CompletionResultType]::ParameterName, 'Login for nodes given without a user [default: root]')
            [CompletionResult]::new('--node', '--node', [CompletionResultType]::ParameterName, 'A GPU node as user@host[:port]; repeat for several')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Hourly rate per GPU in dollars: one for all nodes, or one per --node in order')
            [CompletionResult]::new('--validator-hotkey', '--validator-hotkey', [CompletionResultType]::ParameterName, 'Give the nodes to exactly this validator hotkey (fixed assignment) instead of the highest-stake validator')
            [CompletionResult]::new('--validator-endpoint', '--validator-endpoint', [CompletionResultType]::ParameterName, 'Where to register the nodes (generation 2, the main path): the validator''s bid service as an https:// (or http://host:port) URL; without it, the assigned validator''s axon IP from the metagraph and bid_grpc_port')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing miner.toml (the old one is kept as miner.toml.bak)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List configured nodes with their ids')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove nodes by id, user@host:port, host:port or host')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes')
            [CompletionResult]::new('gpu', 'gpu', [CompletionResultType]::ParameterValue, 'Show the GPU inventory of nodes (nvidia-smi)')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Accept a node''s new SSH host key after a reinstall')
            [CompletionResult]::new('cordon', 'cordon', [CompletionResultType]::ParameterValue, 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator''s key are left alone')
            [CompletionResult]::new('uncordon', 'uncordon', [CompletionResultType]::ParameterValue, 'Put cordoned nodes back in the offer (after their next passed full validation)')
            [CompletionResult]::new('drain', 'drain', [CompletionResultType]::ParameterValue, 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;node;add' {
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Price per GPU per hour in dollars offered to validators, e.g. 2.50 (without it, the price of the node''s GPU category in [bidding.strategy.static.static_prices])')
            [CompletionResult]::new('--opts', '--opts', [CompletionResultType]::ParameterName, 'Extra ssh options handed to validators with the connection details')
            [CompletionResult]::new('--gpu-category', '--gpu-category', [CompletionResultType]::ParameterName, 'GPU category declared to generation-2 validators (A100, H100, H200, B200, B300, or any other NVIDIA card as validators name it, e.g. RTX_5090); the node is only advertised while nvidia-smi agrees')
            [CompletionResult]::new('--gpu-count', '--gpu-count', [CompletionResultType]::ParameterName, 'GPU count declared to generation-2 validators; must equal what nvidia-smi lists')
            [CompletionResult]::new('--extra-mount-path', '--extra-mount-path', [CompletionResultType]::ParameterName, 'A second disk validators may mount into rentals: an absolute path such as /ephemeral')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;list' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;remove' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Remove nodes even when they carry a customer''s rental (refused otherwise, exit 5): the node leaves the bid and its rental with it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;test' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Also run the validators'' full validation: pull [bidding] validation_image where the node lacks it (at most [node_management] max_concurrent_pulls at once), run it with --gpus all --runtime nvidia, publish a port and fetch from it, and reach the node as validators do: fresh logins whose output must be exact, six at once then eight in turn, the login shell, the node''s firewall (slow: minutes per node on a first pull)')
            [CompletionResult]::new('--pull', '--pull', [CompletionResultType]::ParameterName, 'With --full: pull the image even on nodes that have it, as a refresh does (each pull counts against the registry''s limit)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;gpu' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;trust' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;cordon' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;uncordon' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;drain' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest wait with --wait, e.g. 90s, 30m, 2h; then exit 6 (the nodes stay cordoned) [default: no limit]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until no rental runs on the nodes (exit 0), showing the rentals waited for')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;node;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List configured nodes with their ids')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove nodes by id, user@host:port, host:port or host')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes')
            [CompletionResult]::new('gpu', 'gpu', [CompletionResultType]::ParameterValue, 'Show the GPU inventory of nodes (nvidia-smi)')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Accept a node''s new SSH host key after a reinstall')
            [CompletionResult]::new('cordon', 'cordon', [CompletionResultType]::ParameterValue, 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator''s key are left alone')
            [CompletionResult]::new('uncordon', 'uncordon', [CompletionResultType]::ParameterValue, 'Put cordoned nodes back in the offer (after their next passed full validation)')
            [CompletionResult]::new('drain', 'drain', [CompletionResultType]::ParameterValue, 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;node;help;add' {
            break
        }
        'basilica-miner;node;help;list' {
            break
        }
        'basilica-miner;node;help;remove' {
            break
        }
        'basilica-miner;node;help;test' {
            break
        }
        'basilica-miner;node;help;gpu' {
            break
        }
        'basilica-miner;node;help;trust' {
            break
        }
        'basilica-miner;node;help;cordon' {
            break
        }
        'basilica-miner;node;help;uncordon' {
            break
        }
        'basilica-miner;node;help;drain' {
            break
        }
        'basilica-miner;node;help;help' {
            break
        }
        'basilica-miner;keys' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List validator keys on every node, and nodes missing the miner''s own key')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove one validator''s key (or all validator keys) from every node')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the miner''s own node key everywhere without locking you out')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;keys;list' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;keys;revoke' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Remove every validator key')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Remove the keys even from nodes that carry a customer''s rental (refused otherwise, exit 5): the renting validator loses its way in and records the rental as interrupted')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;keys;rotate' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;keys;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List validator keys on every node, and nodes missing the miner''s own key')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove one validator''s key (or all validator keys) from every node')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the miner''s own node key everywhere without locking you out')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;keys;help;list' {
            break
        }
        'basilica-miner;keys;help;revoke' {
            break
        }
        'basilica-miner;keys;help;rotate' {
            break
        }
        'basilica-miner;keys;help;help' {
            break
        }
        'basilica-miner;status' {
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Redraw every SECS seconds (default 5) on the terminal until Ctrl-C')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'Only whether the daemon runs and answers its gRPC health check, in one line: exit 0, or 3 (for container and service-manager health checks)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;health-check' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;service' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('test-ssh', 'test-ssh', [CompletionResultType]::ParameterValue, 'SSH to every node with the miner''s key (the SSH part of `node test`)')
            [CompletionResult]::new('test-bittensor', 'test-bittensor', [CompletionResultType]::ParameterValue, 'Wallet, chain reachability and the hotkey''s registration (as `wallet check --online`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;service;test-ssh' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;service;test-bittensor' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;service;help' {
            [CompletionResult]::new('test-ssh', 'test-ssh', [CompletionResultType]::ParameterValue, 'SSH to every node with the miner''s key (the SSH part of `node test`)')
            [CompletionResult]::new('test-bittensor', 'test-bittensor', [CompletionResultType]::ParameterValue, 'Wallet, chain reachability and the hotkey''s registration (as `wallet check --online`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;service;help;test-ssh' {
            break
        }
        'basilica-miner;service;help;test-bittensor' {
            break
        }
        'basilica-miner;service;help;help' {
            break
        }
        'basilica-miner;wallet' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Load the hotkey, read the coldkey address, check file permissions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;wallet;check' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds each chain request may take [default: 15 with --online, else 5]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Also read the registration from the chain, and fail if the chain cannot be reached')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Do not contact the chain (by default it is tried briefly)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;wallet;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Load the hotkey, read the coldkey address, check file permissions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;wallet;help;check' {
            break
        }
        'basilica-miner;wallet;help;help' {
            break
        }
        'basilica-miner;register' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each chain request')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be submitted without signing anything')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;serve' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'No chain calls at all (labs, the sandbox): needs strategy = "fixed_assignment", whose hotkey then stands in for the validator-permit check')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;bid' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Print the last bid at the validator and its heartbeat, from the daemon''s database')
            [CompletionResult]::new('validators', 'validators', [CompletionResultType]::ParameterValue, 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;bid;show' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Run the validators'' full validation now instead of using serve''s last one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;bid;status' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;bid;validators' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Look at this bid endpoint instead of the subnet''s validators (http://IP:PORT or https://NAME), e.g. before setting [bidding] validator_endpoint')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;bid;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Print the last bid at the validator and its heartbeat, from the daemon''s database')
            [CompletionResult]::new('validators', 'validators', [CompletionResultType]::ParameterValue, 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;bid;help;show' {
            break
        }
        'basilica-miner;bid;help;status' {
            break
        }
        'basilica-miner;bid;help;validators' {
            break
        }
        'basilica-miner;bid;help;help' {
            break
        }
        'basilica-miner;probe' {
            [CompletionResult]::new('--validator-wallet', '--validator-wallet', [CompletionResultType]::ParameterName, 'Wallet of a validator to authenticate as (default: a throwaway key, expecting a clean refusal)')
            [CompletionResult]::new('--validator-hotkey', '--validator-hotkey', [CompletionResultType]::ParameterName, 'Hotkey name inside --validator-wallet')
            [CompletionResult]::new('--validator-uri', '--validator-uri', [CompletionResultType]::ParameterName, 'Validator key as a substrate URI such as //Alice (development chains and tests)')
            [CompletionResult]::new('--expect-hotkey', '--expect-hotkey', [CompletionResultType]::ParameterName, 'The hotkey the miner must answer with [default: this config''s hotkey]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'Speak TLS, trusting this CA certificate (PEM), for a miner with tls_enabled')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'Also check on chain (this config''s network) that the hotkey is registered and its axon is the probed endpoint')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;config' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check every section of miner.toml, including the files and directories it names')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (file + environment + defaults)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;config;validate' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings as errors')
            [CompletionResult]::new('--no-wallet', '--no-wallet', [CompletionResultType]::ParameterName, 'Do not check that the wallet and hotkey exist (a file prepared on another machine)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;config;show' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--show-sensitive', '--show-sensitive', [CompletionResultType]::ParameterName, 'Show key file paths instead of masking them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;config;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check every section of miner.toml, including the files and directories it names')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (file + environment + defaults)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;config;help;validate' {
            break
        }
        'basilica-miner;config;help;show' {
            break
        }
        'basilica-miner;config;help;help' {
            break
        }
        'basilica-miner;database' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the database: integrity, schema version, row counts, oldest entry, size')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;database;health' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;database;help' {
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the database: integrity, schema version, row counts, oldest entry, size')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;database;help;health' {
            break
        }
        'basilica-miner;database;help;help' {
            break
        }
        'basilica-miner;completions' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of miner.toml [env: BASILICA_MINER_CONFIG]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [env: NO_COLOR disables it]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (stable field names, no colour)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, notes or warnings')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'basilica-miner;help' {
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run a whole miner on this machine (sshd nodes, serve, a validator taking its bids), then clean up')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create miner.toml: interactive wizard on a terminal, flags otherwise')
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'Manage the GPU nodes in miner.toml')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Validator keys on the nodes, and the miner''s own node key')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is the miner earning? One screen from the running daemon (no SSH): daemon, chain, validator, bid, nodes, GPU-hours offered, what needs attention first; exit 0 all well, 1 needs attention, 3 no daemon answers')
            [CompletionResult]::new('health-check', 'health-check', [CompletionResultType]::ParameterValue, 'One summary of config, database, wallet, chain, the running daemon and the nodes; exit 1 on failure')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'The operator guide''s service checks: test-ssh (nodes), test-bittensor (wallet and chain)')
            [CompletionResult]::new('wallet', 'wallet', [CompletionResultType]::ParameterValue, 'Check the miner''s Bittensor wallet (hotkey, coldkey address, permissions)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register the hotkey on the subnet (burned registration) and serve the axon')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the validator-facing gRPC daemon')
            [CompletionResult]::new('bid', 'bid', [CompletionResultType]::ParameterValue, 'Generation 2: what is advertised to the validator, and the bid''s state')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Check a miner from the outside, as a validator does')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check or show the configuration')
            [CompletionResult]::new('database', 'database', [CompletionResultType]::ParameterValue, 'Inspect the daemon''s database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'basilica-miner;help;demo' {
            break
        }
        'basilica-miner;help;init' {
            break
        }
        'basilica-miner;help;node' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List configured nodes with their ids')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove nodes by id, user@host:port, host:port or host')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes')
            [CompletionResult]::new('gpu', 'gpu', [CompletionResultType]::ParameterValue, 'Show the GPU inventory of nodes (nvidia-smi)')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Accept a node''s new SSH host key after a reinstall')
            [CompletionResult]::new('cordon', 'cordon', [CompletionResultType]::ParameterValue, 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator''s key are left alone')
            [CompletionResult]::new('uncordon', 'uncordon', [CompletionResultType]::ParameterValue, 'Put cordoned nodes back in the offer (after their next passed full validation)')
            [CompletionResult]::new('drain', 'drain', [CompletionResultType]::ParameterValue, 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first')
            break
        }
        'basilica-miner;help;node;add' {
            break
        }
        'basilica-miner;help;node;list' {
            break
        }
        'basilica-miner;help;node;remove' {
            break
        }
        'basilica-miner;help;node;test' {
            break
        }
        'basilica-miner;help;node;gpu' {
            break
        }
        'basilica-miner;help;node;trust' {
            break
        }
        'basilica-miner;help;node;cordon' {
            break
        }
        'basilica-miner;help;node;uncordon' {
            break
        }
        'basilica-miner;help;node;drain' {
            break
        }
        'basilica-miner;help;keys' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List validator keys on every node, and nodes missing the miner''s own key')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove one validator''s key (or all validator keys) from every node')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the miner''s own node key everywhere without locking you out')
            break
        }
        'basilica-miner;help;keys;list' {
            break
        }
        'basilica-miner;help;keys;revoke' {
            break
        }
        'basilica-miner;help;keys;rotate' {
            break
        }
        'basilica-miner;help;status' {
            break
        }
        'basilica-miner;help;health-check' {
            break
        }
        'basilica-miner;help;service' {
            [CompletionResult]::new('test-ssh', 'test-ssh', [CompletionResultType]::ParameterValue, 'SSH to every node with the miner''s key (the SSH part of `node test`)')
            [CompletionResult]::new('test-bittensor', 'test-bittensor', [CompletionResultType]::ParameterValue, 'Wallet, chain reachability and the hotkey''s registration (as `wallet check --online`)')
            break
        }
        'basilica-miner;help;service;test-ssh' {
            break
        }
        'basilica-miner;help;service;test-bittensor' {
            break
        }
        'basilica-miner;help;wallet' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Load the hotkey, read the coldkey address, check file permissions')
            break
        }
        'basilica-miner;help;wallet;check' {
            break
        }
        'basilica-miner;help;register' {
            break
        }
        'basilica-miner;help;serve' {
            break
        }
        'basilica-miner;help;bid' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Print the last bid at the validator and its heartbeat, from the daemon''s database')
            [CompletionResult]::new('validators', 'validators', [CompletionResultType]::ParameterValue, 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids')
            break
        }
        'basilica-miner;help;bid;show' {
            break
        }
        'basilica-miner;help;bid;status' {
            break
        }
        'basilica-miner;help;bid;validators' {
            break
        }
        'basilica-miner;help;probe' {
            break
        }
        'basilica-miner;help;config' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check every section of miner.toml, including the files and directories it names')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (file + environment + defaults)')
            break
        }
        'basilica-miner;help;config;validate' {
            break
        }
        'basilica-miner;help;config;show' {
            break
        }
        'basilica-miner;help;database' {
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the database: integrity, schema version, row counts, oldest entry, size')
            break
        }
        'basilica-miner;help;database;health' {
            break
        }
        'basilica-miner;help;completions' {
            break
        }
        'basilica-miner;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
