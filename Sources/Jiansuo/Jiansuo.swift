// Jiansuo: module placeholder, filled by its owner.
import Foundation
