from hcplan.cli import main

main()
