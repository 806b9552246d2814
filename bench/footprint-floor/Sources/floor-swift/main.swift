// The Swift runtime alone: prints its arguments' count.
print("floor-swift: \(CommandLine.arguments.count)")
