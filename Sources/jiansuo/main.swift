import Jiansuo
import ChineseText
print("jiansuo, ICU")
