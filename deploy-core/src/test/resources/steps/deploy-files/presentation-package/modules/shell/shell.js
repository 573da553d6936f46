console.log("shell");
