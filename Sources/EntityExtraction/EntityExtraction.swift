// EntityExtraction: module placeholder, filled by its owner.
import Foundation
