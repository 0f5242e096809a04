/// The version printed by `woodshed --version` and stored with analyses.
public enum WoodshedVersion {
    public static let string = "0.1.0"
}
