import PropertyBased
import SluiceYAML
import Testing
import Yams

/// The reader against Yams (libyaml) on generated documents: the tree each document was written from, and the same
/// tree as Yams reads it; on damaged documents, the same tree wherever both read one. (On some damaged texts the two
/// differ in strictness, e.g. a tab or an odd plain value one of them refuses; neither reads another tree there.)
@Suite struct YAMLDifferentialTests {
    @Test func readsGeneratedDocumentsAsYamsDoes() async {
        await propertyCheck(count: 1500, input: Gen.yamlDocument) { document in
            let ours = try #require(try YAMLNode.parse(document.text), "\(document.text)")
            #expect(Render.tree(ours, bareKeys: true) == document.rendered, "\(document.text)")
            let yams = try #require(try Yams.compose(yaml: document.text))
            #expect(Render.tree(ours) == YamsRender.tree(yams), "\(document.text)")
        }
    }

    @Test func damagedDocumentsReadAsYamsReadsThemWhereBothReadThem() async {
        await propertyCheck(count: 3000, input: Gen.damagedYAMLDocument) { text in
            let yams = Result { try Yams.compose(yaml: text) }
            let ours = Result { try YAMLNode.parse(text) }
            switch (ours, yams) {
            case (.success(let ours?), .success(let yams?)):
                #expect(Render.tree(ours) == YamsRender.tree(yams), "\(text.debugDescription)")
            default:
                break
            }
        }
    }
}

extension Gen where Value == GeneratedDocument {
    static var yamlDocument: Generator<GeneratedDocument, Shrink.None<GeneratedDocument>> {
        Generator { rng in
            CheckerRandom.with(&rng) { random in
                var emitter = TreeEmitter(random: random)
                defer { random = emitter.random }
                return emitter.document()
            }
        }
    }
}

extension Gen where Value == String {
    /// Generated documents with one to three characters inserted, deleted or replaced.
    static var damagedYAMLDocument: Generator<String, Shrink.None<String>> {
        Generator { rng in
            CheckerRandom.with(&rng) { random in
                var emitter = TreeEmitter(random: random)
                var scalars = Array(emitter.document().text.unicodeScalars)
                let interesting = Array(" \n\t:-#'\"|>[]{},&*!?%\\ax".unicodeScalars)
                for _ in 0..<Int.random(in: 1...3, using: &emitter.random) {
                    let at = Int.random(in: 0...scalars.count, using: &emitter.random)
                    switch Int.random(in: 0..<3, using: &emitter.random) {
                    case 0 where at < scalars.count: scalars.remove(at: at)
                    case 1 where at < scalars.count: scalars[at] = interesting.randomElement(using: &emitter.random)!
                    default: scalars.insert(interesting.randomElement(using: &emitter.random)!, at: at)
                    }
                }
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars)
                random = emitter.random
                return text
            }
        }
    }
}
