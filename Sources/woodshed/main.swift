import Foundation
import WoodshedCLI

exit(await WoodshedMain.run())
