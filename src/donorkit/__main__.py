from donorkit.cli import main

main()
