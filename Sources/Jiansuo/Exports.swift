// `import Jiansuo` gives the whole toolkit: text, corpus, index and extraction.
@_exported import ChineseText
@_exported import NewsCorpus
@_exported import InvertedIndex
@_exported import EntityExtraction
