import Logging
import ServiceLifecycle
import SluiceEdge
import UnixSignals

/// Reads the file's products again on SIGHUP and gives them to the agent, which updates its consumer in place.
///
/// Only `products` is taken from the file again; the `edge` settings need a restart.
struct EdgeReload: Service {
    let file: String
    let agent: EdgeAgent
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in hangups {
                do {
                    let settings = try EdgeConfig.load(file: file)
                    try await agent.reload(products: settings.products)
                    logger.notice("products reloaded", metadata: ["stores": "\(settings.products.syncedStores.sorted())"])
                } catch {
                    logger.error("products not reloaded: \(error)")
                }
            }
        }
    }
}
